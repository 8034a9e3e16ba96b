"""Score over time from snapshots a planted agent leaves, with scores and medals worked by hand.

toy-a's answers are y = 0,1,0,1 for r6..r9 and its leaderboard gives gold 1.0, silver 0.9, bronze 0.7,
median 0.55 (tests/plugin/toy.py). Snapshots: constant 0.5 -> AUC 0.5, no medal; (0.2, 0.6, 0.7, 0.9) -> of
the four (malignant, benign) pairs three are ordered right -> AUC 0.75, bronze; the answers -> AUC 1.0, gold.
"""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")

AGENT = '''
import json, os, pathlib
rows = {"none": "0.5,0.5,0.5,0.5", "bronze": "0.2,0.6,0.7,0.9", "gold": "0,1,0,1"}
def csv(kind):
    return "id,y\\n" + "".join(f"r{i},{v}\\n" for i, v in zip(range(6, 10), rows[kind].split(",")))
logs = pathlib.Path(os.environ["MLEBENCH_LOGS"]) / "submissions"
logs.mkdir()
if os.environ["SEED"] == "0":  # listed in index.json, with file names that are not times
    plan = [(600.0, "none"), (5000.0, "bronze"), (20000.0, "gold")]
    for n, (elapsed, kind) in enumerate(plan):
        (logs / f"snap{n}.csv").write_text(csv(kind))
    entries = [{"file": f"snap{n}.csv", "elapsed_seconds": e} for n, (e, _) in enumerate(plan)]
    (logs / "index.json").write_text(json.dumps({"snapshots": entries}))
else:  # no index: the file name is the time
    (logs / "100.csv").write_text(csv("gold"))
sub = pathlib.Path(os.environ["MLEBENCH_SUBMISSION"]) / "submission.csv"
sub.write_text(csv("gold"))
'''


@needs_bwrap
def test_medal_at_budgets_and_medal_rate_over_time(pytester, toy_env):
    (pytester.path / "snapper.py").write_text(AGENT)
    spec = pytester.path / "snapper.yaml"
    spec.write_text(yaml.safe_dump({"name": "snapper", "command": [sys.executable, "snapper.py"]}))
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(f"--agent={spec}", "--seeds=2", "-k", "toy-a", "--run-group=t",
                                           "--time-limit=24h", f"--junitxml={junit}", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    timeline = json.loads((pytester.path / "runs" / "t" / "toy-a" / "seed0" / "timeline.json").read_text())
    assert [(s["elapsed_seconds"], s["score"], s["medal"]) for s in timeline["snapshots"]] == [
        (600.0, 0.5, None), (5000.0, 0.75, "bronze"), (20000.0, 1.0, "gold")]
    # Budgets: 1h 2h 4h 6h(25%) 8h 12h(50%) 18h(75%) 24h(100% and 24h); the latest snapshot taken by then counts.
    expected0 = {"1h": "none", "2h": "bronze", "4h": "bronze", "25%": "gold", "8h": "gold", "50%": "gold",
                 "75%": "gold", "100%": "gold", "24h": "gold"}
    assert timeline["medal_at_budgets"] == expected0
    assert timeline["budgets"]["2h"] == {"seconds": 7200.0, "file": "snap1.csv", "score": 0.75, "medal": "bronze"}
    seed1 = json.loads((pytester.path / "runs" / "t" / "toy-a" / "seed1" / "timeline.json").read_text())
    assert [(s["file"], s["elapsed_seconds"], s["score"]) for s in seed1["snapshots"]] == [("100.csv", 100.0, 1.0)]
    assert set(seed1["medal_at_budgets"].values()) == {"gold"}
    props = {c.get("name"): {p.get("name"): p.get("value") for p in c.iter("property")}
             for c in ET.parse(junit).getroot().iter("testcase")}
    assert "'1h': 'none'" in props["test_competition[toy-a-seed0]"]["medal_at_budgets"]
    summary = json.loads((pytester.path / "reports" / "t" / "summary.json").read_text())
    rates = summary["medal_rate_at_budgets"]
    # Per seed (seed0, seed1): 1h -> (0, 100): 50 +- 50; 2h and later -> (100, 100): 100 +- 0.
    assert rates["1h"] == {"mean": 50.0, "sem": 50.0, "per_seed": [0.0, 100.0]}
    assert all(rates[b] == {"mean": 100.0, "sem": 0.0, "per_seed": [100.0, 100.0]} for b in expected0 if b != "1h")
    markdown = (pytester.path / "reports" / "t" / "summary.md").read_text()
    assert "## Medal rate over time" in markdown and "| 1h | 50.0 ± 50.0 |" in markdown
    assert "score over time" in (pytester.path / "reports" / "t" / "index.html").read_text()
    result.stdout.fnmatch_lines(["*medal rate over time: 1h 50.0% · 2h 100.0%*"])
