"""A planted set of toy competitions for report tests: a non-medal one, one with a known issue, one whose
leaderboard ended earlier, and one whose data preparation fails on its first two attempts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from tests.plugin.toy import LEADERBOARD, write_toy

# Fails on the first two calls (one item's first attempt and its retry), then prepares as toy.py's preparer.
FLAKY_PREPARE = '''
from pathlib import Path
import pandas as pd

def prepare(raw, public, private):
    counter = Path(raw) / "calls"
    calls = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(calls))
    if calls <= 2:
        raise OSError(f"planted preparation failure {calls}")
    ids = [f"r{i}" for i in range(10)]
    pd.DataFrame({"id": ids[:6], "x": range(6), "y": [0, 1, 0, 1, 0, 1]}).to_csv(public / "train.csv", index=False)
    pd.DataFrame({"id": ids[6:], "x": range(6, 10)}).to_csv(public / "test.csv", index=False)
    pd.DataFrame({"id": ids[6:], "y": [0.5] * 4}).to_csv(public / "sample_submission.csv", index=False)
    pd.DataFrame({"id": ids[6:], "y": [0, 1, 0, 1]}).to_csv(private / "answers.csv", index=False)
'''


def edit_config(folder: Path, **fields) -> None:
    path = folder / "config.yaml"
    config = yaml.safe_load(path.read_text())
    config.update(fields)
    path.write_text(yaml.safe_dump(config, sort_keys=False))


def set_leaderboard_date(folder: Path, date: str) -> None:
    """Rewrite the toy leaderboard with every submission on `date`, and re-pin it."""
    text = LEADERBOARD.replace("2026-01-01 00:00:00", date)
    (folder / "leaderboard.csv").write_text(text)
    config = yaml.safe_load((folder / "config.yaml").read_text())
    edit_config(folder, leaderboard={**config["leaderboard"], "sha256": hashlib.sha256(text.encode()).hexdigest(),
                                     "size": len(text)})


def write_planted(root: Path) -> None:
    """toy-a practice (ended 2025-06-30); toy-b low, v3 with a known issue; toy-c low, no medals; toy-d low, flaky."""
    write_toy(root, "toy-a", "practice", "tabular")
    set_leaderboard_date(root / "toy-a", "2025-06-30 12:00:00")
    write_toy(root, "toy-b", "low", "text")
    edit_config(root / "toy-b", version=3,
                known_issues=[{"summary": "answers leak through ids", "link": "https://example.org/issue/1"}])
    write_toy(root, "toy-c", "low", "tabular")
    edit_config(root / "toy-c", awards_medals=False)
    write_toy(root, "toy-d", "low", "tabular")
    (root / "toy-d" / "prepare.py").write_text(FLAKY_PREPARE)
