"""Run folders `runs/<group>/<competition>/seed<k>/` and the record each finished run leaves for resume."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from pytest_mlebench.results import read_json, write_json_atomic

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
        """The record of a finished run, or None when the run has not finished (or its record is unreadable)."""
        if not self.record.is_file():
            return None
        try:
            return read_json(self.record)
        except (ValueError, OSError):
            return None

    def save_record(self, record: dict[str, Any]) -> None:
        write_json_atomic(self.record, record)


def group_records(runs_dir: Path, group: str) -> list[dict[str, Any]]:
    """Every finished run's record in a group."""
    root = Path(runs_dir) / group
    records = []
    for path in sorted(root.glob(f"*/seed*/{RECORD_FILE}")):
        try:
            records.append(read_json(path))
        except (ValueError, OSError):
            continue
    return records
