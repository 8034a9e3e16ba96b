"""The plugin's own hooks, implemented by a conftest in a real session over the toy competitions."""

from __future__ import annotations

import json
import shutil

import pytest

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")

CONFTEST = '''
import json
from pathlib import Path


def pytest_mlebench_run_finished(record, item):
    with open(Path(str(item.config.rootpath)) / "finished.jsonl", "a") as handle:
        handle.write(json.dumps({"nodeid": item.nodeid, "competition_id": record["competition_id"],
                                 "seed": record["seed"], "valid": record["valid_submission"]}) + "\\n")


def pytest_mlebench_summary_written(summary, reports_dir):
    Path("written.json").write_text(json.dumps({"reports_dir": str(reports_dir), "summary": summary}))
'''


@needs_bwrap
def test_a_conftest_hears_of_every_saved_run_and_the_written_summary(pytester, toy_env):
    pytester.makeconftest(CONFTEST)
    result = pytester.runpytest("--agent=dummy", "--seeds=2", "--run-group=hooked", "--fail-on=never",
                                "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    finished = [json.loads(line) for line in (pytester.path / "finished.jsonl").read_text().splitlines()]
    assert sorted((f["nodeid"], f["competition_id"], f["seed"]) for f in finished) == [
        (f"mlebench::test_competition[{cid}-seed{seed}]", cid, seed) for cid in ("toy-a", "toy-b") for seed in (0, 1)
    ]
    assert all(f["valid"] for f in finished)
    reports = pytester.path / "reports" / "hooked"
    written = json.loads((pytester.path / "written.json").read_text())
    assert written["reports_dir"] == str(reports)
    assert written["summary"] == json.loads((reports / "summary.json").read_text())["results"]
