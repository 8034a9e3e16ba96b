"""Run folders `runs/<group>/<competition>/seed<k>/` and the record each finished run leaves for resume."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pytest_mlebench.results import read_json, write_json_atomic
from pytest_mlebench.run_record import RunRecord

RECORD_FILE = "report.json"
MAX_GROUP_CHARS = 100
_GROUP_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def group_name_problem(name: str) -> str | None:
    """Why `name` cannot be a run group (a plain folder name under --runs-dir and --reports-dir); None if it can."""
    if not name:
        return "is empty"
    if len(name) > MAX_GROUP_CHARS:
        return f"is {len(name)} characters long; at most {MAX_GROUP_CHARS} are allowed"
    if not _GROUP_NAME.fullmatch(name) or ".." in name:
        return ("must be a plain folder name: letters, digits, '.', '_' and '-', not starting with '.' or '-', "
                "without '..', path separators or control characters")
    return None


def group_dir(base: Path, group: str) -> Path:
    """`base/group`, refused (ValueError) unless `group` is a plain name that stays inside `base`."""
    problem = group_name_problem(group)
    if problem:
        raise ValueError(f"run group {group!r} {problem}")
    folder = Path(base) / group
    if Path(base).resolve() not in folder.resolve().parents:  # a link named like the group leading elsewhere
        raise ValueError(f"run group {group!r} resolves outside {base}")
    return folder


@dataclasses.dataclass(frozen=True)
class RunFolder:
    """One run's folder and the files in it."""

    path: Path

    @classmethod
    def of(cls, runs_dir: Path, group: str, competition_id: str, seed: int) -> RunFolder:
        return cls(group_dir(runs_dir, group) / competition_id / f"seed{seed}")

    @property
    def submission_dir(self) -> Path:
        return self.path / "submission"

    @property
    def submission(self) -> Path:
        return self.submission_dir / "submission.csv"

    @property
    def logs(self) -> Path:
        return self.path / "logs"

    @property
    def code(self) -> Path:
        return self.path / "code"

    @property
    def record(self) -> Path:
        return self.path / RECORD_FILE

    def create(self) -> None:
        """Fresh folders for a new attempt; an unfinished (or infra-failed) earlier attempt is kept aside, not reused."""
        record = self.finished_record()
        if self.path.exists() and (record is None or record.get("infra_failure")):
            attempt = 1
            while self.path.with_name(f"{self.path.name}.attempt{attempt}").exists():
                attempt += 1
            self.path.rename(self.path.with_name(f"{self.path.name}.attempt{attempt}"))
        for folder in (self.submission_dir, self.logs, self.code):
            folder.mkdir(parents=True, exist_ok=True)

    def finished_record(self) -> dict[str, Any] | None:
        """The raw JSON of a finished run's record, or None when the run has not finished (or it is unreadable)."""
        if not self.record.is_file():
            return None
        try:
            data = read_json(self.record)
        except (ValueError, OSError):
            return None
        return data if isinstance(data, dict) else None

    def run_record(self) -> RunRecord | None:
        """The finished run's `RunRecord`; None when there is none or it names no competition."""
        data = self.finished_record()
        return RunRecord.from_json(data) if data and "competition_id" in data else None

    def save_record(self, record: RunRecord | Mapping[str, Any]) -> None:
        """Write report.json atomically: a record's JSON mapping (a plain mapping as it is)."""
        write_json_atomic(self.record, record.to_json() if isinstance(record, RunRecord) else dict(record))


def group_records(runs_dir: Path, group: str) -> list[RunRecord]:
    """Every finished run's record in a group (records written by older versions load with defaults)."""
    root = Path(runs_dir) / group
    records = []
    for path in sorted(root.glob(f"*/seed*/{RECORD_FILE}")):
        record = RunFolder(path.parent).run_record()
        if record is not None:
            records.append(record)
    return records
