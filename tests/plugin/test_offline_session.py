"""A real session on a node without network and without the leaderboard: runs are graded (score, validity),
their medals are recorded as unknown, and the summary counts them apart, never as "no medal"."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.data.standins import free_port
from tests.plugin.toy import write_agent

REPO = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


@pytest.fixture
def offline_dir(pytester, toy_env, monkeypatch):
    """toy-a pinned to MLE-bench's leaderboard (absent, and its host unreachable); toy-b keeps its local one."""
    config = toy_env / "competitions" / "toy-a" / "config.yaml"
    text = config.read_text().replace("source: local, path: leaderboard.csv",
                                      "source: mlebench, path: mlebench/competitions/toy-a/leaderboard.csv")
    config.write_text(text)
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(toy_env / "cache"))
    monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", f"http://127.0.0.1:{free_port()}/media")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return pytester.path


@needs_bwrap
def test_missing_leaderboard_records_medal_unknown_and_the_summary_counts_it_apart(pytester, offline_dir):
    agent = write_agent(offline_dir, {"toy-a-0": "perfect", "toy-b-0": "perfect"})
    junit = offline_dir / "junit.xml"
    result = pytester.runpytest_subprocess(
        f"--agent={agent}", "--seeds=1", "--run-group=off", "--fail-on=never", f"--junitxml={junit}",
        "-p", "no:cacheprovider",
    )
    result.assert_outcomes(passed=2)
    record = json.loads((offline_dir / "runs" / "off" / "toy-a" / "seed0" / "report.json").read_text())
    assert record["score"] == 1.0 and record["valid_submission"] is True
    assert record["any_medal"] is None and record["gold_medal"] is None and record["above_median"] is None
    assert record["medal_note"].startswith("Medals unknown: the leaderboard of toy-a")
    props = {case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
             for case in ET.parse(junit).getroot().iter("testcase")}
    a0, b0 = props["test_competition[toy-a-seed0]"], props["test_competition[toy-b-seed0]"]
    assert (a0["score"], a0["any_medal"], a0["medal_note"]) == ("1.0", "None", record["medal_note"])
    assert b0["any_medal"] == "True"
    summary = json.loads((offline_dir / "reports" / "off" / "summary.json").read_text())["results"]["all"]
    assert summary["any_medal"]["per_seed"] == [100.0], "the unknown run is not a 'no medal'"
    assert (summary["medal_unknown"], summary["medal_known_runs"]) == (1, 1)
    markdown = (offline_dir / "reports" / "off" / "summary.md").read_text()
    assert ("Medal unknown: 1 run(s), leaderboard missing (not counted as no medal); medal rates are over the 1 "
            "run(s) whose medals are known.") in markdown
    assert "| toy-a | 0 | 1.0 | unknown (leaderboard missing) | True |" in markdown
    assert "Medal unknown: 1 run(s)" in result.stdout.str()
    seed0 = json.loads((offline_dir / "reports" / "off" / "seed0_grading_report.json").read_text())
    assert (seed0["total_medals"], seed0["total_medal_unknown"]) == (1, 1)
