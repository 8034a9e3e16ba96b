"""A run's graded score-over-time, where the agent kept snapshots and the harness graded them.

Read from `<run>/snapshots/timeline.json` (or `<run>/logs/submissions/timeline.json`): a list of
{"elapsed_seconds": float, "score": float | null}, or {"snapshots": [...]} holding one.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.results import read_json

TIMELINE_FILES = ("snapshots/timeline.json", "logs/submissions/timeline.json")
ELAPSED_KEYS = ("elapsed_seconds", "elapsed", "seconds")


def read_timeline(run_dir: Path) -> list[tuple[float, float]]:
    """(elapsed seconds, score) of each graded snapshot, in time order; empty where there is none."""
    for name in TIMELINE_FILES:
        path = Path(run_dir) / name
        if not path.is_file():
            continue
        try:
            raw = read_json(path)
        except (ValueError, OSError):
            return []
        entries = raw.get("snapshots", []) if isinstance(raw, dict) else raw
        points = []
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or entry.get("score") is None:
                continue
            elapsed = next((entry[k] for k in ELAPSED_KEYS if isinstance(entry.get(k), (int, float))), None)
            if elapsed is not None:
                points.append((float(elapsed), float(entry["score"])))
        return sorted(points)
    return []
