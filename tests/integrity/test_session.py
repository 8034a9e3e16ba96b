"""Real pytest sessions over the practice competitions with --check-rules and --check-plagiarism: the
checks' columns are filled in the report, flagged runs are named and the headline is given without them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from tests.integrity.conftest import MARKERS
from tests.integrity.test_plagiarism import COPIED_NOTEBOOK, RENAMED_COPY, notebook, plant_notebook

REPO = Path(__file__).resolve().parents[2]
PRACTICE = ("practice-breast-cancer", "practice-diabetes", "practice-digits")

AGENT = '''
import os, pathlib, shutil
data = pathlib.Path(os.environ["MLEBENCH_DATA"])
code = pathlib.Path(os.environ["MLEBENCH_CODE"])
(code / "seen_competition_id.txt").write_text(os.environ["COMPETITION_ID"])
# Obfuscated runs hide the competition's id, so tell the practice competitions apart by their test size.
rows = len((data / "sample_submission.csv").read_text().splitlines()) - 1
cid = {{143: "practice-breast-cancer", 111: "practice-diabetes", 450: "practice-digits"}}[rows]
shutil.copyfile(data / "description.md", code / "seen_description.md")
shutil.copyfile(data.parent / "instructions.txt", code / "seen_instructions.txt")
shutil.copyfile(data / "sample_submission.csv", pathlib.Path(os.environ["MLEBENCH_SUBMISSION"]) / "submission.csv")
if cid == "practice-diabetes":
    print({hand_marker!r}, flush=True)
if cid == "practice-digits":
    (code / "solution.py").write_text({copied!r})
'''


@pytest.fixture
def session(pytester, llm, tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(REPO / "competitions"))
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    return pytester


def run(pytester, *args: str):
    result = pytester.runpytest_subprocess("-m", "practice", "--run-group=g", "--allow-unsandboxed",
                                           "--fail-on=never", "-p", "no:cacheprovider", *args)
    summary = json.loads((pytester.path / "reports" / "g" / "summary.json").read_text())
    markdown = (pytester.path / "reports" / "g" / "summary.md").read_text()
    return result, summary, markdown


def test_dummy_practice_session_fills_the_check_columns(session, llm):
    result, summary, markdown = run(session, "--agent=dummy", "--check-rules", "--check-plagiarism")
    assert result.ret == 0, result.stdout.str()
    block = summary["integrity"]
    assert block["checks"] == ["rules", "plagiarism"] and block["flagged_runs"] == {} and not block["errors"]
    assert set(block["runs"]) == {f"{c}-seed0" for c in PRACTICE}
    for columns in block["runs"].values():
        assert columns["rules_check"] == "ok"
        assert columns["plagiarism_similarity"] is None and columns["plagiarism_match"]  # dummy leaves no code
        assert columns["plagiarism_flagged"] is False
    assert block["results_without_flagged"]["all"]["valid_submission"]["mean"] == 100.0
    assert set(block["leakage"]) == set(PRACTICE) and all(not a["findings"] for a in block["leakage"].values())
    assert len(llm.requests) == len(PRACTICE)
    assert "| competition | seed | score | medal | valid | reason | rules | plagiarism |" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| practice-")]
    assert len(rows) == len(PRACTICE) and all(" ok |" in row for row in rows)
    assert "## Integrity" in markdown and "Flagged runs: none." in markdown
    assert "description: original." in markdown
    result.stdout.fnmatch_lines(["*integrity (rules, plagiarism): 0 run(s) flagged*"])
    for cid in PRACTICE:
        assert (session.path / "runs" / "g" / cid / "seed0" / "rules.json").is_file()
        assert (session.path / "runs" / "g" / cid / "seed0" / "plagiarism.json").is_file()


def test_flagged_runs_and_the_obfuscated_description(session, llm, tmp_path):
    plant_notebook(tmp_path / "data", "practice-digits", "alice/gbm-5-fold", notebook(COPIED_NOTEBOOK))
    (session.path / "planted.py").write_text(AGENT.format(hand_marker=MARKERS["hand_written_predictions"],
                                                          copied=RENAMED_COPY))
    (session.path / "planted.yaml").write_text(yaml.safe_dump({"name": "planted", "command": [sys.executable, "planted.py"]}))
    result, summary, markdown = run(session, f"--agent={session.path / 'planted.yaml'}", "--check-rules", "--check-plagiarism",
                                    "--description=obfuscated")
    assert result.ret == 0, result.stdout.str()
    block = summary["integrity"]
    assert block["flagged_runs"] == {"practice-diabetes-seed0": ["rules"], "practice-digits-seed0": ["plagiarism"]}
    assert block["runs"]["practice-digits-seed0"]["plagiarism_match"] == "alice/gbm-5-fold.py"
    assert summary["results"]["all"]["valid_submission"]["mean"] == 100.0
    # Each flagged run counts as a run without a submission in the headline given without them.
    assert block["results_without_flagged"]["all"]["valid_submission"]["mean"] == pytest.approx(100 / 3)
    assert "Flagged runs: practice-diabetes-seed0 (rules), practice-digits-seed0 (plagiarism)." in markdown
    assert "flagged: hand_written_predictions" in markdown and "FLAGGED" in markdown
    assert summary["description"] == "obfuscated" and "description: obfuscated." in markdown
    for cid in PRACTICE:
        code = session.path / "runs" / "g" / cid / "seed0" / "code"
        shown = REPO / "competitions" / cid / "description_obfuscated.md"
        assert (code / "seen_description.md").read_text() == shown.read_text()
        instructions = REPO / "pytest_mlebench" / "sandbox_files" / "instructions_obfuscated.txt"
        assert (code / "seen_instructions.txt").read_text() == instructions.read_text()
        record = json.loads((code.parent / "report.json").read_text())
        assert record["description"] == "obfuscated"
        assert (code / "seen_competition_id.txt").read_text() == "competition"


@pytest.mark.parametrize(("args", "message"), [
    (["--check-plagiarism", "--plagiarism-threshold=2"], "plagiarism-threshold"),
    (["--check-rules", "--rules-context=lots"], "rules-context"),
    (["--check-rules", "--rules-questions=missing.yaml"], "missing.yaml"),
])
def test_bad_integrity_options_are_usage_errors(session, args, message):
    result = session.runpytest("--agent=dummy", "--co", "-m", "practice", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert message in result.stderr.str()


def test_check_rules_needs_an_endpoint_before_any_run(session, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = session.runpytest("--agent=dummy", "--co", "-m", "practice", "--check-rules")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "OPENAI_API_KEY" in result.stderr.str()
