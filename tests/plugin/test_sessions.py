"""Real pytest sessions (pytester) over the toy competitions: collection, properties, reports, resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.plugin.toy import plant_grader_bug, write_agent

REPO = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


@pytest.fixture
def session_dir(pytester, toy_env):
    return pytester.path


def properties(junit: Path) -> dict[str, dict[str, str]]:
    """testcase name -> its recorded properties."""
    out = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        out[case.get("name")] = {p.get("name"): p.get("value") for p in case.iter("property")}
    return out


def test_without_agent_nothing_is_collected(pytester, session_dir):
    result = pytester.runpytest("--co", "-q")
    assert "test_competition" not in result.stdout.str()


def test_ids_marks_and_selection(pytester, session_dir):
    result = pytester.runpytest("--agent=dummy", "--seeds=2", "--co", "-q", "--strict-markers")
    result.stdout.fnmatch_lines(["*test_competition?toy-a-seed0?", "*test_competition?toy-a-seed1?",
                                 "*test_competition?toy-b-seed0?", "*test_competition?toy-b-seed1?"])
    assert "4 tests collected" in result.stdout.str()
    practice = pytester.runpytest("--agent=dummy", "--seeds=0,3", "--co", "-q", "-m", "practice and tabular and medals")
    practice.stdout.fnmatch_lines(["*toy-a-seed0*", "*toy-a-seed3*"])
    assert "toy-b" not in practice.stdout.str()
    lite = pytester.runpytest("--agent=dummy", "--co", "-q", "-m", "lite", "-k", "toy")
    lite.stdout.fnmatch_lines(["*toy-b-seed0*"])
    assert "toy-a" not in lite.stdout.str()


def test_unknown_agent_lists_known_ones(pytester, session_dir):
    result = pytester.runpytest("--agent=nosuchagent", "--co")
    assert result.ret != 0
    assert "dummy" in result.stderr.str() and "baseline" in result.stderr.str()


def test_bad_option_values_are_usage_errors(pytester, session_dir):
    for args in (["--seeds=x"], ["--time-limit=soon"], ["--gpus=first"]):
        result = pytester.runpytest("--agent=dummy", "--co", *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR, args


PLAN = {"toy-a-0": "perfect", "toy-a-1": "sample", "toy-b-0": "bad", "toy-b-1": "perfect"}


def run_planted(pytester, session_dir, *extra: str):
    agent = write_agent(session_dir, PLAN)
    junit = session_dir / "junit.xml"
    result = pytester.runpytest_subprocess(
        f"--agent={agent}", "--seeds=2", "--run-group=g1", "--fail-on=never", f"--junitxml={junit}",
        "-p", "no:cacheprovider", *extra,
    )
    return result, junit, json.loads((session_dir / "reports" / "g1" / "summary.json").read_text())


@needs_bwrap
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["n0", "n2"])
def test_planted_session_properties_and_summary(pytester, session_dir, workers):
    result, junit, summary = run_planted(pytester, session_dir, *workers)
    result.assert_outcomes(passed=4)
    props = properties(junit)
    a0, a1, b0 = props["test_competition[toy-a-seed0]"], props["test_competition[toy-a-seed1]"], props["test_competition[toy-b-seed0]"]
    assert (a0["score"], a0["gold_medal"], a0["any_medal"]) == ("1.0", "True", "True")
    assert (a1["score"], a1["any_medal"], a1["above_median"]) == ("0.5", "False", "False")
    assert b0["valid_submission"] == "False" and "rows" in b0["invalid_reason"]
    for p in (a0, a1, b0):
        assert {"seed", "agent", "runtime_seconds", "timed_out", "exit_code", "gold_threshold", "median_threshold"} <= set(p)
    assert a0["gold_threshold"] == "1.0" and a0["median_threshold"] == "0.55"
    res = summary["results"]
    # By hand: practice seeds -> [100, 0]; low seeds -> [0, 100]; all -> [50, 50]; valid all -> [50, 100].
    assert res["practice"]["any_medal"]["per_seed"] == [100.0, 0.0]
    assert res["practice"]["any_medal"]["mean"] == 50.0 and res["practice"]["any_medal"]["sem"] == pytest.approx(50.0)
    assert res["low"]["any_medal"]["per_seed"] == [0.0, 100.0]
    assert res["all"]["any_medal"]["mean"] == 50.0 and res["all"]["any_medal"]["sem"] == 0.0
    assert res["all"]["valid_submission"]["mean"] == 75.0 and res["all"]["valid_submission"]["sem"] == pytest.approx(25.0)
    assert res["all"]["pass_at_k"] == {"1": 50.0, "2": 100.0}
    assert summary["reference_field_competitions"] == ["toy-a", "toy-b"]
    seed0 = json.loads((session_dir / "reports" / "g1" / "seed0_grading_report.json").read_text())
    assert seed0["total_runs"] == 2 and seed0["total_medals"] == 1 and seed0["total_valid_submissions"] == 1
    assert (session_dir / "reports" / "g1" / "summary.md").is_file()
    assert "mlebench summary" in result.stdout.str()


@needs_bwrap
def test_fail_on_invalid_fails_the_item_but_the_session_goes_on(pytester, session_dir):
    agent = write_agent(session_dir, PLAN)
    result = pytester.runpytest_subprocess(f"--agent={agent}", "--seeds=2", "--run-group=g2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*toy-b*invalid submission*"])


@needs_bwrap
def test_time_limit_kills_agent_and_grades_partial_submission(pytester, session_dir):
    agent = write_agent(session_dir, {"toy-a-0": "sleep"})
    start = time.monotonic()
    result = pytester.runpytest_subprocess(
        f"--agent={agent}", "--time-limit=2", "--run-group=g3", "-k", "toy-a", "-p", "no:cacheprovider",
        f"--junitxml={session_dir / 'j.xml'}",
    )
    assert time.monotonic() - start < 60
    result.assert_outcomes(passed=1)
    props = properties(session_dir / "j.xml")["test_competition[toy-a-seed0]"]
    assert props["timed_out"] == "True" and props["valid_submission"] == "True"
    assert float(props["runtime_seconds"]) < 10


@needs_bwrap
def test_resume_after_a_killed_session(pytester, session_dir):
    agent = write_agent(session_dir, {"toy-a-0": "perfect", "toy-a-1": "perfect", "toy-b-0": "sleep"})
    args = [sys.executable, "-m", "pytest", f"--agent={agent}", "--seeds=2",
            "--run-group=g4", "--fail-on=never", "-p", "no:cacheprovider", "-p", "no:xdist"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(args, cwd=session_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    runs = session_dir / "runs" / "g4"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (runs / "toy-b" / "seed0" / "submission" / "submission.csv").exists():
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (runs / "toy-a" / "seed0" / "report.json").is_file() and (runs / "toy-a" / "seed1" / "report.json").is_file()
    assert not (runs / "toy-b" / "seed0" / "report.json").exists()
    # Second session: the agent would now only copy the sample; finished runs must not run again.
    agent = write_agent(session_dir, {})
    junit = session_dir / "resume.xml"
    result = pytester.runpytest_subprocess(f"--agent={agent}", "--seeds=2", "--run-group=g4", "--fail-on=never",
                                           f"--junitxml={junit}", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    props = properties(junit)
    assert props["test_competition[toy-a-seed0]"]["resumed"] == "True"
    assert props["test_competition[toy-a-seed0]"]["score"] == "1.0"
    assert props["test_competition[toy-b-seed0]"]["resumed"] == "False"
    assert (runs / "toy-b" / "seed0.attempt1" / "logs").is_dir(), "the interrupted attempt is kept aside"
    summary = json.loads((session_dir / "reports" / "g4" / "summary.json").read_text())
    assert summary["results"]["practice"]["any_medal"]["per_seed"] == [100.0, 100.0]
    assert summary["resumed_runs"] == 2


@needs_bwrap
def test_a_grader_bug_is_counted_invalid_but_recorded_apart(pytester, session_dir, toy_env, monkeypatch):
    plant_grader_bug(toy_env / "competitions", "toy-a")
    agent = write_agent(session_dir, {"toy-a-0": "perfect", "toy-b-0": "perfect"})
    junit = session_dir / "bug.xml"
    monkeypatch.delenv("MLEBENCH_STRICT_GRADING", raising=False)  # a real session: parity with MLE-bench
    result = pytester.runpytest_subprocess(f"--agent={agent}", "--run-group=g5", "--fail-on=never",
                                           f"--junitxml={junit}", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    props = properties(junit)
    bug, fine = props["test_competition[toy-a-seed0]"], props["test_competition[toy-b-seed0]"]
    assert (bug["valid_submission"], bug["score"]) == ("False", "None")
    assert bug["grader_error"] == "KeyError: 'roc'" and fine["grader_error"] == "None"
    record = json.loads((session_dir / "runs" / "g5" / "toy-a" / "seed0" / "report.json").read_text())
    assert record["grader_error"] == "KeyError: 'roc'" and record["valid_submission"] is False
    summary = json.loads((session_dir / "reports" / "g5" / "summary.json").read_text())
    assert summary["grader_errors"] == [{"competition_id": "toy-a", "seed": 0, "error": "KeyError: 'roc'"}]
    markdown = (session_dir / "reports" / "g5" / "summary.md").read_text()
    assert "## Grader errors" in markdown and "| toy-a | 0 | KeyError: 'roc' |" in markdown
    assert "grader error: KeyError: 'roc'" in markdown
    result.stdout.fnmatch_lines(["grader errors (1, counted invalid): toy-a seed 0: KeyError: 'roc'"])
    # Strict grading (the project's own tests): the same bug fails the item, naming the grader.
    monkeypatch.setenv("MLEBENCH_STRICT_GRADING", "1")
    strict = pytester.runpytest_subprocess(f"--agent={agent}", "--run-group=g6", "-k", "toy-a", "-p", "no:cacheprovider")
    strict.assert_outcomes(failed=1)
    strict.stdout.fnmatch_lines(["*GraderError: toy-a: grade.py raised KeyError: 'roc'*"])
