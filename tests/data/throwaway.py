"""Throwaway competition folders written under a temporary root, for tests of the core that must not depend
on any real competition: a config, a tiny preparer, an RMSE grader, a description."""

from __future__ import annotations

import copy
import hashlib
import textwrap
from pathlib import Path
from typing import Any

import yaml

from pytest_mlebench.registry import Registry

LEADERBOARD = b"scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore\n" + b"".join(
    f"{s},{i},True,2020-01-01 00:00:00,{s},True\n".encode() for i, s in enumerate([0.5, 0.6, 0.7, 0.8, 0.9], 1)
)
"""Five teams, lower is better."""

RAW_CSV = "id,target\n" + "".join(f"{i},{i * 0.5}\n" for i in range(10))

PREPARE = '''
"""Rows 0-6 train, 7-9 test; every call is logged beside raw/ so tests can count them."""
import os
import time
from pathlib import Path

DELAY = {delay!r}
CRASH = {crash!r}


def prepare(raw: Path, public: Path, private: Path) -> None:
    with open(raw.parent / "prepare-calls.log", "a") as log:
        log.write(f"{{os.getpid()}}\\n")
    lines = (raw / "data.csv").read_text().splitlines()
    header, rows = lines[0], lines[1:]
    (public / "train.csv").write_text("\\n".join([header, *rows[:7]]) + "\\n")
    time.sleep(DELAY)
    if CRASH == "raise":
        raise RuntimeError("preparer crashed half-way")
    if CRASH == "exit":
        os._exit(9)
    (public / "test.csv").write_text("\\n".join(["id", *[r.split(",")[0] for r in rows[7:]]]) + "\\n")
    (public / "sample_submission.csv").write_text(
        "\\n".join([header, *[r.split(",")[0] + ",0.0" for r in rows[7:]]]) + "\\n"
    )
    (private / "test.csv").write_text("\\n".join([header, *rows[7:]]) + "\\n")
'''

GRADE = '''
from pytest_mlebench.metrics import require_columns, require_finite, require_matching_sorted_ids, rmse


def grade(submission, answers):
    require_columns(submission, ["id", "target"])
    require_finite(submission["target"], "Column 'target'")
    sub, ans = require_matching_sorted_ids(submission, answers, "id")
    return rmse(ans["target"].to_numpy(), sub["target"].to_numpy(dtype=float))
'''

BASE_CONFIG: dict[str, Any] = {
    "name": "Throwaway",
    "split": "dev",
    "category": "tabular-regression",
    "awards_medals": True,
    "competition_type": "simple",
    "year": 2024,
    "metric": {"name": "root-mean-squared-error", "higher_is_better": False},
    "answers": "private/test.csv",
    "sample_submission": "public/sample_submission.csv",
    "leaderboard": {
        "source": "local",
        "path": "leaderboard.csv",
        "sha256": hashlib.sha256(LEADERBOARD).hexdigest(),
        "size": len(LEADERBOARD),
    },
    "checksums": {"zip": None, "public": {}, "private": {}},
}


def write_competition(
    root: Path,
    competition_id: str = "throwaway",
    *,
    config: dict[str, Any] | None = None,
    delay: float = 0.0,
    crash: str | None = None,
    leaderboard: bytes = LEADERBOARD,
) -> Path:
    """Write `root/<id>/` and return it; `config` entries replace the base config's (None deletes one)."""
    folder = Path(root) / competition_id
    folder.mkdir(parents=True, exist_ok=True)
    merged = copy.deepcopy(BASE_CONFIG)
    merged["id"] = competition_id
    for key, value in (config or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    (folder / "config.yaml").write_text(yaml.safe_dump(merged, sort_keys=False))
    (folder / "prepare.py").write_text(textwrap.dedent(PREPARE.format(delay=delay, crash=crash)))
    (folder / "grade.py").write_text(GRADE)
    (folder / "description.md").write_text(f"# {competition_id}\n\nA throwaway competition for tests.\n")
    (folder / "leaderboard.csv").write_bytes(leaderboard)
    return folder


def write_raw(raw: Path) -> None:
    """Kaggle's files as a user places them by hand in `<data-dir>/<id>/raw/`."""
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "data.csv").write_text(RAW_CSV)


def registry_with(root: Path, competition_id: str = "throwaway", **kwargs: Any) -> Registry:
    write_competition(root, competition_id, **kwargs)
    return Registry(root)
