"""A run lost with its xdist worker is counted as an infrastructure failure, not dropped; the group's rerun runs it."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.plugin.toy import write_agent

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")

# A plugin (`-p killer`: a conftest's hooks would not reach the bundled items) that kills the worker about to run
# toy-b seed 1 (SIGKILL: no report, no record) while the variable is set.
KILLER = '''
import os, signal

def pytest_runtest_setup(item):
    if os.environ.get("MLEBENCH_TEST_KILL_WORKER") and item.name == "test_competition[toy-b-seed1]":
        os.kill(os.getpid(), signal.SIGKILL)
'''


def run_session(pytester, agent):
    result = pytester.runpytest_subprocess(f"--agent={agent}", "--seeds=2", "--run-group=lost", "--fail-on=never",
                                           "-n", "2", "-p", "no:cacheprovider", "-p", "killer")
    reports = pytester.path / "reports" / "lost"
    return result, json.loads((reports / "summary.json").read_text()), (reports / "summary.md").read_text()


@needs_bwrap
def test_a_killed_worker_counts_its_run_as_an_infra_failure_and_the_rerun_completes_it(pytester, toy_env, monkeypatch):
    pytester.makepyfile(killer=KILLER)
    agent = write_agent(pytester.path, {})
    monkeypatch.setenv("MLEBENCH_TEST_KILL_WORKER", "1")
    result, summary, markdown = run_session(pytester, agent)
    infra = summary["infra"]
    assert (infra["runs"], infra["infra_failures"], infra["failed_runs"]) == (4, 1, ["toy-b-seed1"])
    assert summary["results"]["all"]["runs"] == 4 and summary["results"]["all"]["infra_failures"] == 1
    assert "Infrastructure failures: 1 of 4 runs" in markdown
    assert "infrastructure failure: worker lost: no record written" in markdown
    runs = pytester.path / "runs" / "lost"
    assert not (runs / "toy-b" / "seed1" / "report.json").exists(), "a lost run leaves no finished record"

    monkeypatch.delenv("MLEBENCH_TEST_KILL_WORKER")
    result, summary, markdown = run_session(pytester, agent)
    result.assert_outcomes(passed=4)
    assert (summary["infra"]["runs"], summary["infra"]["infra_failures"]) == (4, 0)
    assert summary["resumed_runs"] == 3, "only the lost run ran again"
    assert json.loads((runs / "toy-b" / "seed1" / "report.json").read_text())["valid_submission"] is True
    assert "Infrastructure failures: 0 of 4 runs" in markdown
