"""Score over time: a run's snapshots graded after the run, and the medal it would have had at time budgets.

An agent that keeps each improved submission as `logs/submissions/<elapsed_seconds>.csv` (optionally listed in
`logs/submissions/index.json`) gets its snapshots graded with the hidden answers, which the agent never sees,
into `<run>/timeline.json`; at a budget the run holds the latest snapshot it kept by then. No MLE-bench
harness has this. Timelines are also read from `<run>/snapshots/timeline.json` or
`<run>/logs/submissions/timeline.json`: a list of {"elapsed_seconds": float, "score": float | null}, or
{"snapshots": [...]} holding one. It grades one run's snapshots; it never runs agents (a group's medal rate over
time is `budgets`).
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.agent_files import read_agent_json
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_answers
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import write_json_atomic
from pytest_mlebench.scoring.grade import answers_path, score_submission, submission_limits
from pytest_mlebench.scoring.medals import rank_score

SNAPSHOT_FOLDER = "submissions"  # under the run's logs/
INDEX_FILE = "index.json"
TIMELINE_FILE = "timeline.json"
TIMELINE_FILES = (TIMELINE_FILE, "snapshots/timeline.json", "logs/submissions/timeline.json")
FRACTIONS = (0.25, 0.5, 0.75, 1.0)
HOURS = (1, 2, 4, 8, 24)
MEDALS = ("gold", "silver", "bronze")
_SECONDS_NAME = re.compile(r"^\d+(\.\d+)?$")
ELAPSED_KEYS = ("elapsed_seconds", "elapsed", "seconds")


def read_timeline(run_dir: Path) -> list[tuple[float, float]]:
    """(elapsed seconds, score) of each graded snapshot, in time order; empty where there is none (or it is not
    a regular JSON file: the agent may have written it)."""
    for name in TIMELINE_FILES:
        if not os.path.lexists(Path(run_dir) / name):
            continue
        try:
            raw = read_agent_json(Path(run_dir), name)
        except InvalidSubmissionError:
            return []
        entries = raw.get("snapshots", []) if isinstance(raw, dict) else raw
        points = []
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not _is_number(entry.get("score")):
                continue
            elapsed = next((entry[k] for k in ELAPSED_KEYS if _is_number(entry.get(k))), None)
            if elapsed is not None:
                points.append((float(elapsed), float(entry["score"])))
        return sorted(points)
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """One kept submission and when the agent kept it, in seconds from its start."""

    path: Path
    elapsed_seconds: float


def time_budgets(time_limit: float) -> list[tuple[str, float]]:
    """(label, seconds): fractions of the time limit, then whole hours that fit in it, shortest first."""
    budgets = [(f"{int(f * 100)}%", f * time_limit) for f in FRACTIONS]
    budgets += [(f"{h}h", h * 3600.0) for h in HOURS if h * 3600.0 <= time_limit]
    return sorted(budgets, key=lambda b: b[1])


def read_snapshots(logs_dir: Path) -> list[Snapshot]:
    """The run's snapshots by time: from `index.json` where the agent wrote one, else from the file names."""
    return snapshots_and_error(logs_dir)[0]


def snapshots_and_error(logs_dir: Path) -> tuple[list[Snapshot], str | None]:
    """`read_snapshots`, and why the agent's `index.json` could not be used (then the file names are)."""
    folder = Path(logs_dir) / SNAPSHOT_FOLDER
    if not folder.is_dir():
        return [], None
    found: list[Snapshot] = []
    entries, error = _index_entries(Path(logs_dir)) if os.path.lexists(folder / INDEX_FILE) else (None, None)
    if entries is not None:
        for entry in entries:
            path = folder / Path(str(entry.get("file", ""))).name  # never outside the folder
            if os.path.lexists(path) and _is_number(entry.get("elapsed_seconds")):
                found.append(Snapshot(path, float(entry["elapsed_seconds"])))
    else:
        for path in folder.glob("*.csv"):
            if _SECONDS_NAME.match(path.stem):
                found.append(Snapshot(path, float(path.stem)))
    return sorted(found, key=lambda s: s.elapsed_seconds), error


def _index_entries(logs_dir: Path) -> tuple[list[Mapping[str, Any]] | None, str | None]:
    try:
        data = read_agent_json(logs_dir, f"{SNAPSHOT_FOLDER}/{INDEX_FILE}")
    except InvalidSubmissionError as exc:
        return None, str(exc)
    entries = data.get("snapshots") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        return None, f"{SNAPSHOT_FOLDER}/{INDEX_FILE} holds no list of snapshots."
    return [e for e in entries if isinstance(e, dict)], None


def grade_timeline(
    competition: Competition, run_dir: Path, data_dir: Path, time_limit: float, leaderboard_scores: Sequence[float]
) -> dict[str, Any] | None:
    """Grade every snapshot of a run, find the medal at each budget, and save `timeline.json` in the run folder.

    Returns None when the agent kept no snapshot folder (it does not report score over time).
    """
    logs = Path(run_dir) / "logs"
    if not (logs / SNAPSHOT_FOLDER).is_dir():
        return None
    answers = read_answers(answers_path(competition, data_dir))
    limits = submission_limits(competition, data_dir)
    snapshots, index_error = snapshots_and_error(logs)
    graded = []
    for snapshot in snapshots:
        try:
            score: float | None = score_submission(competition, snapshot.path, answers, run_dir=Path(run_dir),
                                                   limits=limits)
            reason = None
        except InvalidSubmissionError as exc:
            score, reason = None, str(exc)
        medals = rank_score(score, leaderboard_scores, competition.is_lower_better)
        graded.append({
            "file": snapshot.path.name, "elapsed_seconds": snapshot.elapsed_seconds, "score": score,
            "valid_submission": score is not None, "invalid_reason": reason, "medal": medal_name(medals),
            "above_median": medals.above_median,
        })
    at_budget = {}
    for label, seconds in time_budgets(time_limit):
        held = [g for g in graded if g["elapsed_seconds"] <= seconds]
        last = held[-1] if held else None
        at_budget[label] = {"seconds": seconds, "file": last and last["file"], "score": last and last["score"],
                            "medal": last["medal"] if last else None}
    timeline = {
        "competition_id": competition.id, "time_limit": time_limit, "is_lower_better": competition.is_lower_better,
        "snapshots": graded, "budgets": at_budget, "index_error": index_error,
        "medal_at_budgets": {label: entry["medal"] or "none" for label, entry in at_budget.items()},
    }
    write_json_atomic(Path(run_dir) / TIMELINE_FILE, timeline)
    return timeline


def medal_name(medals: Any) -> str | None:
    return next((m for m in MEDALS if getattr(medals, f"{m}_medal")), None)
