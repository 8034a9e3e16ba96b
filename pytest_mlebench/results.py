"""Frozen value types that cross process and module boundaries, with one JSON mapping for all of them."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Medals:
    """Where a score lands on a leaderboard."""

    gold_threshold: float
    silver_threshold: float
    bronze_threshold: float
    median_threshold: float
    gold_medal: bool = False
    silver_medal: bool = False
    bronze_medal: bool = False
    above_median: bool = False

    @property
    def any_medal(self) -> bool:
        return self.gold_medal or self.silver_medal or self.bronze_medal


@dataclasses.dataclass(frozen=True)
class GradeReport:
    """MLE-bench's grading report, plus the reason a submission was invalid and, apart, a grader bug.

    Where the leaderboard is missing, thresholds and medal fields are None (unknown, not False) and
    `medal_note` says why in one sentence.
    """

    competition_id: str
    score: float | None
    gold_threshold: float | None
    silver_threshold: float | None
    bronze_threshold: float | None
    median_threshold: float | None
    any_medal: bool | None
    gold_medal: bool | None
    silver_medal: bool | None
    bronze_medal: bool | None
    above_median: bool | None
    submission_exists: bool
    valid_submission: bool
    is_lower_better: bool
    created_at: str
    submission_path: str
    invalid_reason: str | None = None
    medal_note: str | None = None
    grader_error: str | None = None  # "KeyError: 'x'": the grader crashed (counted invalid, for parity)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)


@dataclasses.dataclass(frozen=True)
class RunResult:
    """What a runtime reports about one agent run; the same shape for every runtime and executor."""

    exit_code: int | None
    timed_out: bool
    wall_seconds: float
    run_dir: str
    submission_path: str
    logs_dir: str
    code_dir: str
    runtime: str
    error: str | None = None
    infra_failure: bool = False
    placement: dict[str, Any] | None = None  # where it ran: executor, job id, node, GPU model, scheduler's time
    attempts: int = 1  # launches it took, counting those retried after an infra failure
    limits: dict[str, Any] | None = None  # the resource limits in force and what enforced each


def now_iso() -> str:
    """The current UTC time as ISO 8601, as MLE-bench writes `created_at`."""
    return datetime.now(timezone.utc).isoformat()


def to_jsonable(obj: Any) -> Any:
    """Dataclasses, paths and numpy scalars to plain JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalar
        return obj.item()
    return obj


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a dataclass from a dict, ignoring keys it does not know (newer files stay readable)."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temporary file beside `path`, then rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(to_jsonable(data), handle, indent=2, sort_keys=False)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    with open(path) as handle:
        return json.load(handle)
