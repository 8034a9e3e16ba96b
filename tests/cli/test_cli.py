"""The `mlebench` console script on the offline practice competitions and a throwaway one.

Every user mistake must end as exactly one line on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.cli import COMMANDS, build_parser, main
from tests.data.throwaway import write_competition, write_raw

REPO = Path(__file__).resolve().parents[2]
DIABETES = "practice-diabetes"
REPORT_FIELDS = {
    "competition_id", "score", "gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold",
    "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "submission_exists",
    "valid_submission", "is_lower_better", "created_at", "submission_path",
}


@pytest.fixture(autouse=True)
def repo_competitions(monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(REPO / "competitions"))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """practice-diabetes prepared once through the CLI."""
    folder = tmp_path_factory.mktemp("cli-data")
    assert main(["prepare", "-c", DIABETES, "--data-dir", str(folder), "--no-download"]) == 0
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def assert_user_error(status: int, err: str, *fragments: str) -> None:
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("mlebench")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_subcommands_are_registered_in_one_table():
    assert {"list", "prepare", "grade-sample", "grade", "leaderboard", "image"} <= set(COMMANDS)
    assert build_parser().parse_args(["image", "build", "--rebuild", "dummy"]).rest == ["--rebuild", "dummy"]


# --- list ---------------------------------------------------------------------------------------


def test_list_json_by_split(capsys):
    status, out, _ = run(capsys, "list", "--split", "practice", "--json")
    assert status == 0
    listed = json.loads(out)
    assert {c["id"] for c in listed} == {"practice-breast-cancer", "practice-diabetes", "practice-digits"}
    diabetes = next(c for c in listed if c["id"] == DIABETES)
    assert (diabetes["metric"], diabetes["higher_is_better"], diabetes["split"]) == ("root-mean-squared-error", False, "practice")


def test_list_says_which_competitions_have_data(capsys, data_dir, tmp_path):
    (data_dir / "practice-digits" / "raw").mkdir(parents=True, exist_ok=True)
    (data_dir / "practice-digits" / "raw" / "digits.csv").write_text("x\n")
    status, out, _ = run(capsys, "list", "--split", "practice", "--json", "--data-dir", str(data_dir))
    assert status == 0
    states = {c["id"]: c["data"] for c in json.loads(out)}
    shutil.rmtree(data_dir / "practice-digits")  # the module's data folder stays as the other tests expect it
    assert states == {DIABETES: "prepared", "practice-digits": "raw", "practice-breast-cancer": "absent"}
    status, out, _ = run(capsys, "list", "--split", "practice", "--data-dir", str(tmp_path))
    assert all(line.endswith("absent") for line in out.strip().splitlines()[1:-1])


def test_list_table_lite_is_low(capsys):
    ids = sorted(p.name for p in (REPO / "competitions").iterdir() if (p / "config.yaml").is_file()
                 and "split: low" in (p / "config.yaml").read_text())
    status, out, _ = run(capsys, "list", "--split", "lite")
    assert status == 0
    rows = out.strip().splitlines()
    assert [r.split()[0] for r in rows[1:-1]] == ids
    assert rows[-1] == f"{len(ids)} competition(s)"


def test_bad_split_and_missing_command_are_one_line_usage_errors(capsys):
    assert_user_error(*run(capsys, "list", "--split", "easy")[::2], "invalid choice: 'easy'", "mlebench list --help")
    assert_user_error(*run(capsys)[::2], "COMMAND")
    assert_user_error(*run(capsys, "frobnicate")[::2], "invalid choice")


# --- prepare ------------------------------------------------------------------------------------


def test_prepare_prints_parity_per_file_and_reuses(capsys, data_dir):
    status, out, _ = run(capsys, "prepare", "-c", DIABETES, "--data-dir", str(data_dir), "--no-download")
    assert status == 0
    assert out.splitlines()[0] == f"{DIABETES}: raw archive md5 not checked (already prepared; --force prepares again)"
    for line in ("  private/test.csv: ok", "  public/train.csv: ok", "  public/description.md: no pin"):
        assert line in out.splitlines()
    assert (data_dir / DIABETES / "prepared" / "private" / "test.csv").is_file()


def test_prepare_raw_placed_by_hand_is_not_checked(capsys, tmp_path, monkeypatch):
    write_competition(tmp_path / "competitions", "throwaway", config={"checksums": {
        "zip": "0" * 32, "public": {"test.csv": "0" * 32}, "private": {}}})
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(tmp_path / "competitions"))
    write_raw(tmp_path / "data" / "throwaway" / "raw")
    status, out, _ = run(capsys, "prepare", "--split", "dev", "--data-dir", str(tmp_path / "data"))
    assert status == 0
    assert "throwaway: raw archive md5 not checked" in out.splitlines()
    assert "  public/test.csv: DIFFERS" in out.splitlines()


def test_prepare_without_raw_data_and_download_off_fails_in_one_line(capsys, tmp_path):
    status, _, err = run(capsys, "prepare", "-c", "spooky-author-identification", "--no-download",
                         "--data-dir", str(tmp_path))
    assert status == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith("mlebench prepare: spooky-author-identification: No raw data")
    assert lines[-1] == "mlebench prepare: 1 of 1 failed: spooky-author-identification"


def test_prepare_unknown_id_and_conflicting_selections(capsys, tmp_path):
    assert_user_error(*run(capsys, "prepare", "-c", "practice-diabete", "--data-dir", str(tmp_path))[::2],
                      "Did you mean: practice-diabetes")
    assert_user_error(*run(capsys, "prepare", "-c", DIABETES, "--all")[::2], "not allowed with")
    assert_user_error(*run(capsys, "prepare")[::2], "one of the arguments")


# --- grade-sample -------------------------------------------------------------------------------


def answers(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(data_dir / DIABETES / "prepared" / "private" / "test.csv")


def test_grade_sample_prints_the_report_with_an_independent_score(capsys, data_dir, tmp_path):
    truth = answers(data_dir)
    noise = np.random.default_rng(0).normal(0, 10, len(truth))
    submission = truth.assign(target=truth["target"] + noise).iloc[::-1]
    path = tmp_path / "submission.csv"
    submission.to_csv(path, index=False)
    status, out, _ = run(capsys, "grade-sample", str(path), DIABETES, "--data-dir", str(data_dir))
    assert status == 0
    report = json.loads(out)
    assert REPORT_FIELDS <= set(report)
    assert report["score"] == pytest.approx(round(math.sqrt(float(np.mean(noise ** 2))), 5), abs=1e-9)
    assert report["valid_submission"] and report["is_lower_better"] and report["invalid_reason"] is None


def test_grade_sample_of_a_bad_submission_is_an_invalid_report_not_an_error(capsys, data_dir, tmp_path):
    path = tmp_path / "submission.csv"
    path.write_text("id,prediction\n1,2\n")
    status, out, _ = run(capsys, "grade-sample", str(path), DIABETES, "--data-dir", str(data_dir))
    report = json.loads(out)
    assert status == 0 and report["valid_submission"] is False and report["score"] is None
    assert report["submission_exists"] is True and report["invalid_reason"]


def test_grade_sample_without_prepared_data_says_how_to_prepare(capsys, tmp_path):
    status, _, err = run(capsys, "grade-sample", "x.csv", DIABETES, "--data-dir", str(tmp_path))
    assert_user_error(status, err, f"mlebench prepare -c {DIABETES}")


# --- grade --------------------------------------------------------------------------------------


def test_grade_writes_one_aggregated_report_in_mlebench_format(capsys, data_dir, tmp_path):
    truth = answers(data_dir)
    perfect, broken = tmp_path / "perfect.csv", tmp_path / "broken.csv"
    truth.to_csv(perfect, index=False)
    truth.drop(columns=["target"]).to_csv(broken, index=False)
    lines = [
        {"competition_id": DIABETES, "submission_path": str(perfect)},
        {"competition_id": DIABETES, "submission_path": str(broken)},
        {"competition_id": DIABETES, "submission_path": str(tmp_path / "never-written.csv")},
    ]
    jsonl = tmp_path / "submissions.jsonl"
    jsonl.write_text("# a comment line\n" + "\n".join(json.dumps(x) for x in lines) + "\n\n")
    status, out, _ = run(capsys, "grade", "--submissions", str(jsonl), "--output-dir", str(tmp_path / "out"),
                         "--data-dir", str(data_dir))
    assert status == 0
    reports = list((tmp_path / "out").glob("*_grading_report.json"))
    assert len(reports) == 1 and f"report: {reports[0]}" in out
    data = json.loads(reports[0].read_text())
    assert {k: v for k, v in data.items() if k != "competition_reports"} == {
        "total_runs": 3,
        "total_runs_with_submissions": 2,
        "total_valid_submissions": 1,
        "total_medals": 1,  # an exact answer beats every pipeline of the reference field
        "total_gold_medals": 1,
        "total_silver_medals": 0,
        "total_bronze_medals": 0,
        "total_above_median": 1,
    }
    assert [r["submission_path"] for r in data["competition_reports"]] == [x["submission_path"] for x in lines]
    assert data["competition_reports"][0]["score"] == 0.0
    assert all(REPORT_FIELDS <= set(r) for r in data["competition_reports"])


def test_grade_accepts_mlebench_spelling_of_the_option(capsys, data_dir, tmp_path):
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text(json.dumps({"competition_id": DIABETES, "submission_path": "none.csv"}) + "\n")
    status, _, _ = run(capsys, "grade", "--submission", str(jsonl), "--output-dir", str(tmp_path),
                       "--data-dir", str(data_dir))
    assert status == 0


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("{not json\n", ":1: not a JSON object"), ('{"competition_id": "x"}\n', ":1: field(s) submission_path"),
     ('["a"]\n', ":1: each line must be a JSON object")],
)
def test_grade_bad_jsonl_names_file_and_line(capsys, tmp_path, content, fragment):
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text(content)
    status, _, err = run(capsys, "grade", "--submissions", str(jsonl), "--output-dir", str(tmp_path))
    assert_user_error(status, err, f"{jsonl}{fragment}")


def test_grade_missing_file_or_option(capsys, tmp_path):
    assert_user_error(*run(capsys, "grade", "--submissions", str(tmp_path / "x.jsonl"), "--output-dir", "o")[::2],
                      "No submissions file")
    assert_user_error(*run(capsys, "grade", "--submissions", "x.jsonl")[::2], "--output-dir")


# --- leaderboard --------------------------------------------------------------------------------


def test_leaderboard_prints_count_thresholds_direction_and_field(capsys):
    with open(REPO / "competitions" / DIABETES / "leaderboard.csv") as handle:
        scores = [float(row["score"]) for row in csv.DictReader(handle)]
    n = len(scores)
    # 100 to 109 teams: gold, silver, bronze at ranks 10 (= int(10%)), int(20%), int(40%) of the field.
    assert 100 <= n < 110
    ranks = [max(1, int(n * share)) for share in (0.1, 0.2, 0.4)]
    status, out, _ = run(capsys, "leaderboard", DIABETES)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"{DIABETES}: {n} entries of a reference field of scikit-learn pipelines, not human teams"
    assert "lower is better" in lines[1]
    for name, rank in zip(("gold", "silver", "bronze"), ranks, strict=True):
        line = next(x for x in lines if x.strip().startswith(name))
        assert f"(rank {rank})" in line
        assert float(line.split("<=")[1].split()[0]) == pytest.approx(scores[rank - 1], rel=1e-5)
    median = next(x for x in lines if x.strip().startswith("median"))
    assert float(median.split("<")[1].split()[0]) == pytest.approx(float(np.median(scores)), rel=1e-5)


def test_leaderboard_unknown_competition(capsys):
    assert_user_error(*run(capsys, "leaderboard", "nope-not-here")[::2], "Unknown competition 'nope-not-here'")


# --- no network ---------------------------------------------------------------------------------


@pytest.fixture
def pinned_throwaway(tmp_path, monkeypatch):
    """A throwaway competition pinned to MLE-bench's leaderboard, raw files placed, an empty cache."""
    from tests.data.test_leaderboard_download import pinned

    write_competition(tmp_path / "competitions", "throwaway", config=pinned())
    write_raw(tmp_path / "data" / "throwaway" / "raw")
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(tmp_path / "competitions"))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data"


def test_grade_sample_without_leaderboard_or_network_prints_score_validity_and_note(
    capsys, tmp_path, monkeypatch, pinned_throwaway
):
    from tests.data.standins import free_port

    monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", f"http://127.0.0.1:{free_port()}/media")
    data = str(pinned_throwaway)
    status, out, _ = run(capsys, "prepare", "-c", "throwaway", "--data-dir", data)
    assert status == 0 and "  leaderboard: missing: The leaderboard of throwaway" in out
    submission = tmp_path / "submission.csv"
    submission.write_text("id,target\n7,3.5\n8,4.0\n9,5.5\n")  # RMSE by hand: sqrt(1 / 3)
    status, out, err = run(capsys, "grade-sample", str(submission), "throwaway", "--data-dir", data)
    assert status == 0
    report = json.loads(out)
    assert report["score"] == round(math.sqrt(1 / 3), 5) and report["valid_submission"] is True
    assert report["any_medal"] is None and report["gold_medal"] is None and report["gold_threshold"] is None
    assert report["medal_note"].startswith("Medals unknown: the leaderboard of throwaway")
    assert err.strip() == f"mlebench grade-sample: {report['medal_note']}"


def test_leaderboard_command_keeps_the_verified_copy_beside_the_data(capsys, monkeypatch, pinned_throwaway):
    from tests.data.standins import LfsMediaServer
    from tests.data.test_leaderboard_download import MEDIA_PATH
    from tests.data.throwaway import LEADERBOARD

    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        status, out, _ = run(capsys, "leaderboard", "throwaway", "--data-dir", str(pinned_throwaway))
    beside = pinned_throwaway / "throwaway" / "leaderboard.csv"
    assert status == 0 and beside.read_bytes() == LEADERBOARD
    assert f"leaderboard: {beside} (sha256 verified)" in out.splitlines()
    assert out.splitlines()[0] == "throwaway: 5 Kaggle teams"


# --- the installed console script ---------------------------------------------------------------


def test_console_script_runs_and_reports_mistakes_without_a_traceback(tmp_path):
    script = Path(sys.executable).with_name("mlebench")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "pytest_mlebench.cli"]
    ok = subprocess.run([*command, "list", "--split", "practice", "--json"], capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0 and len(json.loads(ok.stdout)) == 3
    bad = subprocess.run([*command, "grade-sample", "s.csv", "practice-diabetes", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
