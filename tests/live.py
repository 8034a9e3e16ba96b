"""Where a running agent's outputs are: the run folder after the run, the staged live folder during it."""

from __future__ import annotations

import json
from pathlib import Path


def written_by_agent(run_dir: Path, relative: str) -> bool:
    """Whether the agent has written `relative` (e.g. "logs/seen.json"), during its run or after it."""
    folders = [Path(run_dir)]
    record = Path(run_dir) / "logs" / "staging.json"
    if record.is_file():
        try:
            folders.append(Path(json.loads(record.read_text())["live_folder"]))
        except (ValueError, KeyError):
            pass  # being written: the next poll reads it
    return any((folder / relative).is_file() for folder in folders)
