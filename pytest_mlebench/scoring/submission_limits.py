"""How big a submission may be, derived from the answers, and the header check that refuses one before parsing.

A submission answers the same rows as the answers file, so its size and width follow from it; a file far larger
or wider is refused from its size and its first line alone, before pandas spends seconds and gigabytes on it.
It decides limits; it never parses a whole submission.
"""

from __future__ import annotations

import csv
import dataclasses
import os
from pathlib import Path
from typing import BinaryIO

from pytest_mlebench.errors import InvalidSubmissionError

MAX_SUBMISSION_BYTES = int(os.environ.get("MLEBENCH_MAX_SUBMISSION_BYTES", 1 << 30))
"""The absolute cap, whatever the answers' size; every Lite answer file is far smaller."""
MIN_BYTES = 1 << 20
# Answers often hold 0/1 or short labels where a submission holds 17-digit probabilities (one-hot answers
# against probability columns are ~9x larger), so the factor leaves room for that and for long ids.
BYTES_PER_ANSWER_BYTE = 16
SLACK_BYTES = 64 << 10
MIN_HEADER_BYTES = 64 << 10
HEADER_BYTES_PER_COLUMN = 256


@dataclasses.dataclass(frozen=True)
class SubmissionLimits:
    """The largest submission the grader reads, in bytes and in columns."""

    max_bytes: int = MAX_SUBMISSION_BYTES
    max_columns: int = 1 << 16

    @property
    def header_bytes(self) -> int:
        """How far the first line may run before it is refused without being split."""
        return max(MIN_HEADER_BYTES, HEADER_BYTES_PER_COLUMN * self.max_columns)


def allowed_columns(*counts: int) -> int:
    """Room for every column the answers or the sample submission have, and then some (extra columns are
    dropped by most graders, so a few are not the agent's fault)."""
    widest = max((c for c in counts if c), default=1)
    return 2 * widest + 64


def limits_for(answers_file: Path, sample_file: Path | None = None) -> SubmissionLimits:
    """Limits from the prepared answers file (its size and width) and the sample submission's width."""
    size = Path(answers_file).stat().st_size
    max_bytes = min(MAX_SUBMISSION_BYTES, max(MIN_BYTES, BYTES_PER_ANSWER_BYTE * size + SLACK_BYTES))
    widths = [_file_columns(Path(answers_file))]
    if sample_file is not None and Path(sample_file).is_file():
        widths.append(_file_columns(Path(sample_file)))
    return SubmissionLimits(max_bytes=max_bytes, max_columns=allowed_columns(*widths))


def check_header(handle: BinaryIO, limits: SubmissionLimits, name: str = "Submission") -> None:
    """Refuse a submission whose first line is too long or too wide; leaves `handle` at its start."""
    bound = limits.header_bytes
    line = handle.readline(bound + 1)
    handle.seek(0)
    if len(line) > bound and not line.endswith(b"\n"):
        raise InvalidSubmissionError(f"{name}'s header line is over {bound} bytes; at most "
                                     f"{limits.max_columns} columns are allowed.")
    columns = header_columns(line)
    if columns > limits.max_columns:
        raise InvalidSubmissionError(f"{name} has {columns} columns in its header; at most "
                                     f"{limits.max_columns} are allowed for this competition.")


def header_columns(line: bytes) -> int:
    """Fields in one CSV header line (0 for an empty one)."""
    text = line.decode("utf-8", errors="replace").rstrip("\r\n")
    if not text:
        return 0
    try:
        return len(next(csv.reader([text])))
    except (csv.Error, StopIteration):
        return text.count(",") + 1


def _file_columns(path: Path) -> int:
    with open(path, "rb") as handle:
        return header_columns(handle.readline(1 << 20))


__all__ = ["MAX_SUBMISSION_BYTES", "SubmissionLimits", "allowed_columns", "check_header", "header_columns",
           "limits_for"]
