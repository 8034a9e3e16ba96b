"""summary.json of a planted session against figures worked out by hand.

Toy leaderboard (tests/plugin/toy.py): ten teams 1.0, 0.9, ..., 0.1, higher is better; gold 1.0, median 0.55.
A perfect submission scores 1.0 (gold; beats 9 teams and ties 1: percentile 95; normalised 1); the sample
submission scores 0.5 (no medal; beats 4, ties 1: percentile 45; normalised (0.5-0.55)/(1-0.55) = -1/9);
an invalid one has percentile 0 and normalised -1.

Runs (seed 0 | seed 1):
  toy-a practice, ended 2025-06-30    perfect | sample
  toy-b low, v3, known issue          perfect | invalid
  toy-c low, awards no medals         sleeps past the time limit (sample kept: 0.5) | perfect
  toy-d low, preparation fails twice  infra failure after 2 attempts | perfect
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.plugin.toy import write_agent
from tests.report.planted import write_planted

REPO = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
PLAN = {"toy-a-0": "perfect", "toy-a-1": "sample", "toy-b-0": "perfect", "toy-b-1": "bad",
        "toy-c-0": "sleep", "toy-c-1": "perfect", "toy-d-1": "perfect"}
NORM_SAMPLE = (0.5 - 0.55) / (1.0 - 0.55)


@pytest.fixture
def planted_dir(pytester, tmp_path, monkeypatch):
    comps = tmp_path / "competitions"
    write_planted(comps)
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(comps))
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    return pytester.path


def run_session(pytester, folder: Path, plan: dict[str, str]):
    agent = write_agent(folder, plan)
    result = pytester.runpytest_subprocess(
        f"--agent={agent}", "--seeds=2", "--run-group=planted", "--fail-on=never", "--time-limit=3",
        "--retries=1", "--model-cutoff=2025-12", "-p", "no:cacheprovider", "-p", "no:xdist",
    )
    return result, json.loads((folder / "reports" / "planted" / "summary.json").read_text())


def per_seed(stat):
    return pytest.approx(stat["per_seed"])


@needs_bwrap
def test_planted_summary_matches_hand_computation(pytester, planted_dir, tmp_path):
    result, summary = run_session(pytester, planted_dir, PLAN)
    result.assert_outcomes(passed=7, failed=1)
    result.stdout.fnmatch_lines(["*toy-d seed 0: infrastructure failure after 2 attempt(s)*planted preparation failure 2*",
                                 "*Infrastructure failures: 1 of 8 runs*"])

    head = summary["headline"]
    assert head["all"]["competition_ids"] == ["toy-a", "toy-b", "toy-c", "toy-d"]
    assert head["medal_granting"]["competition_ids"] == ["toy-a", "toy-b", "toy-d"]
    assert head["clean"]["competition_ids"] == ["toy-a", "toy-c", "toy-d"]
    assert head["after_cutoff"]["competition_ids"] == ["toy-b", "toy-c", "toy-d"]
    assert summary["competition_end_dates"]["toy-a"] == "2025-06-30"

    # Any medal, infra failure excluded | counted as a failure. Seed 0 counts a, b, c (d failed): 2 of 3.
    expected = {
        "all": ([200 / 3, 50.0], [50.0, 50.0]),
        "medal_granting": ([100.0, 100 / 3], [200 / 3, 100 / 3]),
        "clean": ([50.0, 200 / 3], [100 / 3, 200 / 3]),  # the timed-out toy-c seed 0 counts as a failure
        "after_cutoff": ([50.0, 200 / 3], [100 / 3, 200 / 3]),
    }
    for subset, (excluded, pessimistic) in expected.items():
        assert head[subset]["exclude"]["any_medal"]["per_seed"] == pytest.approx(excluded), subset
        assert head[subset]["fail"]["any_medal"]["per_seed"] == pytest.approx(pessimistic), subset
    everything = head["all"]["exclude"]
    assert everything["any_medal"]["mean"] == pytest.approx(175 / 3)
    assert everything["any_medal"]["sem"] == pytest.approx((200 / 3 - 50) / 2)  # SEM of two values = |x - y| / 2
    assert (everything["runs"], everything["infra_failures"], everything["counted_runs"]) == (8, 1, 7)
    assert head["all"]["fail"]["counted_runs"] == 8
    assert everything["valid_submission"]["per_seed"] == pytest.approx([100.0, 75.0])
    # Partial credit, averaged over the counted competitions of each seed.
    assert everything["leaderboard_percentile"]["per_seed"] == pytest.approx([(95 + 95 + 45) / 3, (45 + 0 + 95 + 95) / 4])
    assert everything["normalized_score"]["per_seed"] == pytest.approx([(1 + 1 + NORM_SAMPLE) / 3, (NORM_SAMPLE - 1 + 1 + 1) / 4])
    assert head["all"]["fail"]["normalized_score"]["per_seed"][0] == pytest.approx((1 + 1 + NORM_SAMPLE - 1) / 4)
    assert head["all"]["fail"]["leaderboard_percentile"]["per_seed"][0] == pytest.approx((95 + 95 + 45 + 0) / 4)
    # pass@k: with the infra failure out, toy-d has one run, so k stops at 1: (1/2 + 1/2 + 1/2 + 1) / 4.
    assert everything["pass_at_k"] == pytest.approx({"1": 62.5})
    assert head["all"]["fail"]["pass_at_k"] == pytest.approx({"1": 50.0, "2": 100.0})
    assert head["all"]["fail"]["pass_hat_k"] == pytest.approx({"1": 50.0, "2": 0.0})

    res, pess = summary["results"], summary["results_pessimistic"]
    assert res["practice"]["any_medal"]["per_seed"] == pytest.approx([100.0, 0.0])
    assert res["low"]["any_medal"]["per_seed"] == pytest.approx([50.0, 200 / 3])
    assert pess["low"]["any_medal"]["per_seed"] == pytest.approx([100 / 3, 200 / 3])
    assert summary["per_competition"]["toy-c"]["any_medal"] == pytest.approx(50.0)
    assert summary["per_competition"]["toy-d"]["infra_failures"] == 1

    assert summary["infra"] == {"runs": 8, "infra_failures": 1, "failed_runs": ["toy-d-seed0"], "retried_runs": 1,
                                "retries": 1}
    manifest = summary["manifest"]
    assert manifest["time_limit"] == 3.0
    assert manifest["runtime"] == {"runtime": "local", "isolation": "bubblewrap", "network": "none"}
    assert manifest["agent"]["name"] == "planted"
    assert manifest["competitions"]["toy-b"]["version"] == 3
    assert manifest["competitions"]["toy-b"]["known_issues"] == [
        {"summary": "answers leak through ids", "link": "https://example.org/issue/1"}]
    answers = tmp_path / "data" / "toy-a" / "prepared" / "private" / "answers.csv"
    assert manifest["competitions"]["toy-a"]["data"]["md5"]["private/answers.csv"] == hashlib.md5(
        answers.read_bytes()).hexdigest()
    assert manifest["time_used"]["runs"] == 8 and manifest["time_used"]["max_seconds"] >= 2.5
    assert "Competition versions used: toy-a v1, toy-b v3 (1 known issue(s))" in (
        planted_dir / "reports" / "planted" / "summary.md").read_text()

    runs = planted_dir / "runs" / "planted"
    infra = json.loads((runs / "toy-d" / "seed0" / "report.json").read_text())
    assert (infra["infra_failure"], infra["attempts"]) == (True, 2)
    assert "planted preparation failure 2" in infra["infra_error"]
    timed = json.loads((runs / "toy-c" / "seed0" / "report.json").read_text())
    assert (timed["timed_out"], timed["infra_failure"], timed["valid_submission"], timed["score"]) == (
        True, False, True, 0.5)
    assert timed["manifest"]["time_limit"] == 3.0 and timed["manifest"]["competition"]["version"] == 1
    assert timed["leaderboard_percentile"] == 45.0 and timed["normalized_score"] == pytest.approx(NORM_SAMPLE)

    # Resume: only the infra-failed run runs again; its failed attempt is kept aside.
    again, summary = run_session(pytester, planted_dir, {**PLAN, "toy-d-0": "perfect"})
    again.assert_outcomes(passed=8)
    assert summary["resumed_runs"] == 7 and summary["infra"]["infra_failures"] == 0
    assert json.loads((runs / "toy-d" / "seed0.attempt1" / "report.json").read_text())["infra_failure"] is True
    assert summary["headline"]["all"]["exclude"]["any_medal"]["per_seed"] == pytest.approx([75.0, 50.0])


def test_bad_retries_and_cutoff_are_usage_errors(pytester, planted_dir):
    for args in (["--retries=x"], ["--retries=-1"], ["--model-cutoff=2024-13"], ["--model-cutoff=Oct 2024"]):
        result = pytester.runpytest("--agent=dummy", "--co", *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR, args
