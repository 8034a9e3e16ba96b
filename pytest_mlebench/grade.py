"""Submission -> `GradeReport`. A bad submission never raises: it becomes an invalid report with one reason.

A grader refuses a submission only with `InvalidSubmissionError`; any other exception is a grader bug. With
$MLEBENCH_STRICT_GRADING set (the project's own tests) it raises `GraderError`; otherwise it counts as MLE-bench
counts it (invalid, score None, for parity) and the report keeps it apart as `grader_error`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from pytest_mlebench.errors import GraderCrashError, GraderError, InvalidSubmissionError, PrerequisiteError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.medals import rank_score
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import GradeReport, now_iso

MAX_SUBMISSION_BYTES = int(os.environ.get("MLEBENCH_MAX_SUBMISSION_BYTES", 1 << 30))
"""Larger files are refused unread; every Lite answer file is far smaller."""


def answers_path(competition: Competition, data_dir: Path) -> Path:
    path = DataLayout(data_dir, competition.id).prepared / competition.answers
    if not path.is_file():
        raise PrerequisiteError(
            f"The answers of {competition.id} are not prepared at {path}; run `mlebench prepare -c {competition.id}`."
        )
    return path


def score_submission(competition: Competition, submission_path: Path, answers: pd.DataFrame) -> float:
    """The rounded score of a submission file; raises `InvalidSubmissionError` with the reason it cannot be."""
    path = Path(submission_path)
    if not path.is_file():
        raise InvalidSubmissionError(f"No submission file at {path.name}.")
    if path.suffix.lower() != ".csv":
        raise InvalidSubmissionError(f"Submission must be a .csv file, got '{path.name}'.")
    size = path.stat().st_size
    if size > MAX_SUBMISSION_BYTES:
        raise InvalidSubmissionError(f"Submission is {size} bytes, over the {MAX_SUBMISSION_BYTES}-byte limit.")
    try:
        submission = read_csv(path)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, OSError) as exc:
        raise InvalidSubmissionError(f"Submission is not a readable CSV ({type(exc).__name__}).") from exc
    try:
        score = competition.grade_fn(submission, answers.copy())
    except (InvalidSubmissionError, GraderError):
        raise
    except Exception as exc:  # noqa: BLE001 - a grader bug: an error in strict grading, else invalid (parity)
        bug = grader_error_text(exc)
        if strict_grading():
            raise GraderError(f"{competition.id}: grade.py raised {bug} (a grader bug, not the submission's fault; "
                              "refuse a submission with InvalidSubmissionError)") from exc
        raise GraderCrashError(f"Submission could not be scored: {_short(exc)}", bug) from exc
    if score is None:
        raise InvalidSubmissionError("Submission could not be scored.")
    return round(float(score), 5)


def grade_submission(
    competition: Competition,
    submission_path: Path,
    data_dir: Path,
    leaderboard_scores: Sequence[float] | None = None,
) -> GradeReport:
    """Grade one submission against the prepared private answers and rank it on the leaderboard."""
    if leaderboard_scores is None:
        from pytest_mlebench.leaderboard import load_scores

        leaderboard_scores = load_scores(competition)
    answers = read_csv(answers_path(competition, data_dir))
    path = Path(submission_path)
    score: float | None
    reason: str | None = None
    grader_error: str | None = None
    try:
        score = score_submission(competition, path, answers)
    except InvalidSubmissionError as exc:
        score, reason = None, str(exc)
        grader_error = exc.grader_error if isinstance(exc, GraderCrashError) else None
    medals = rank_score(score, leaderboard_scores, competition.is_lower_better)
    return GradeReport(
        competition_id=competition.id,
        score=score,
        gold_threshold=medals.gold_threshold,
        silver_threshold=medals.silver_threshold,
        bronze_threshold=medals.bronze_threshold,
        median_threshold=medals.median_threshold,
        any_medal=medals.any_medal,
        gold_medal=medals.gold_medal,
        silver_medal=medals.silver_medal,
        bronze_medal=medals.bronze_medal,
        above_median=medals.above_median,
        submission_exists=path.is_file() and path.suffix.lower() == ".csv",
        valid_submission=score is not None,
        is_lower_better=competition.is_lower_better,
        created_at=now_iso(),
        submission_path=str(path),
        invalid_reason=reason,
        grader_error=grader_error,
    )


def check_submission_format(competition: Competition, submission_path: Path, data_dir: Path) -> str | None:
    """What an agent may learn: None when the submission is gradeable, else the reason. Never a score."""
    answers = read_csv(answers_path(competition, data_dir))
    try:
        score_submission(competition, Path(submission_path), answers)
    except InvalidSubmissionError as exc:
        return str(exc)
    return None


STRICT_GRADING_ENV = "MLEBENCH_STRICT_GRADING"


def strict_grading() -> bool:
    """Whether a grader bug raises `GraderError` ($MLEBENCH_STRICT_GRADING=1, set by the project's tests)."""
    return os.environ.get(STRICT_GRADING_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def grader_error_text(exc: BaseException) -> str:
    """A grader bug as reports show it: the exception's type and the first line of its message."""
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {lines[0][:300]}" if lines and lines[0] else type(exc).__name__


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = text[:200]
    return f"{type(exc).__name__}" + (f" ({text})" if text else "") + "."


__all__ = [
    "answers_path", "check_submission_format", "grade_submission", "grader_error_text", "score_submission",
    "strict_grading",
]
