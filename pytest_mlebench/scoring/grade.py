"""Submission -> `GradeReport`. A bad submission never raises: it becomes an invalid report with one reason.

A grader refuses a submission only with `InvalidSubmissionError`; any other exception is a grader bug. With
$MLEBENCH_STRICT_GRADING set (the project's own tests) it raises `GraderError`; otherwise it counts as MLE-bench
counts it (invalid, score None, for parity) and the report keeps it apart as `grader_error`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pytest_mlebench.agent_files import open_agent_file
from pytest_mlebench.errors import GraderCrashError, GraderError, InvalidSubmissionError, PrerequisiteError
from pytest_mlebench.frames import read_answers, read_csv
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import GradeReport, now_iso
from pytest_mlebench.scoring.medals import rank_score
from pytest_mlebench.scoring.submission_limits import (
    MAX_SUBMISSION_BYTES,
    SubmissionLimits,
    allowed_columns,
    check_header,
    limits_for,
)
from pytest_mlebench.submission_checks import check_submission

RANK_FIELDS = (
    "gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold",
    "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median",
)
"""What the leaderboard decides; all None where it is missing."""


def answers_path(competition: Competition, data_dir: Path) -> Path:
    path = DataLayout(data_dir, competition.id).prepared / competition.answers
    if not path.is_file():
        raise PrerequisiteError(
            f"The answers of {competition.id} are not prepared at {path}; run `mlebench prepare -c {competition.id}`."
        )
    return path


def submission_limits(competition: Competition, data_dir: Path) -> SubmissionLimits:
    """The size and width a submission to `competition` may have, from its prepared answers and sample."""
    return limits_for(answers_path(competition, data_dir),
                      DataLayout(data_dir, competition.id).prepared / competition.sample_submission)


def score_submission(
    competition: Competition,
    submission_path: Path,
    answers: pd.DataFrame,
    *,
    run_dir: Path | None = None,
    limits: SubmissionLimits | None = None,
) -> float:
    """The rounded score of a submission file; raises `InvalidSubmissionError` with the reason it cannot be.

    Args:
        run_dir: the run folder the agent wrote `submission_path` in: no link is followed from it down. Without
            it (a user's own file) the folders above the file may be links, the file itself may not.
        limits: size and width caps; default: the global byte cap and room for the answers' columns.
    """
    path = Path(submission_path)
    if path.suffix.lower() != ".csv":
        raise InvalidSubmissionError(f"Submission must be a .csv file, got '{path.name}'.")
    limits = limits or SubmissionLimits(max_columns=allowed_columns(len(answers.columns)))
    root, relative = _root_and_relative(path, run_dir)
    with open_agent_file(root, relative, limits.max_bytes) as handle:
        check_header(handle, limits)
        try:
            submission = read_csv(handle)
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError, OSError) as exc:
            raise InvalidSubmissionError(f"Submission is not a readable CSV ({type(exc).__name__}).") from exc
    return score_frames(competition, submission, answers)


def score_frames(competition: Competition, submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    """The rounded score of a submission frame: the competition's submission schema, then its grader.

    Raises `InvalidSubmissionError` with the reason it cannot be scored; a grader bug as `score_submission` says.
    """
    try:
        answers = answers.copy()
        if competition.submission is not None:
            submission, answers = check_submission(submission, answers, competition.submission)
        score = competition.grade_fn(submission, answers)
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


def _root_and_relative(path: Path, run_dir: Path | None) -> tuple[Path, Path]:
    if run_dir is None:
        return path.parent, Path(path.name)
    try:
        return Path(run_dir), path.relative_to(run_dir)
    except ValueError:
        raise InvalidSubmissionError(f"Submission {path.name} is not inside its run folder.") from None


def grade_submission(
    competition: Competition,
    submission_path: Path,
    data_dir: Path,
    leaderboard_scores: Sequence[float] | None = None,
    *,
    medal_note: str | None = None,
    run_dir: Path | None = None,
) -> GradeReport:
    """Grade one submission against the prepared private answers and rank it on the leaderboard.

    `run_dir`: the run folder the agent wrote the submission in (see `score_submission`); None for a user's file.

    Without `leaderboard_scores` the leaderboard is looked up (beside the data, the cache, the network);
    where it is missing, or the caller passes the `medal_note` of its own failed lookup, the report has the
    score and validity, medal fields None and the note. Never raises for a missing leaderboard.
    """
    if leaderboard_scores is None and medal_note is None:
        from pytest_mlebench.scoring.leaderboard import scores_or_missing

        leaderboard_scores, medal_note = scores_or_missing(competition, data_dir)
    answers = read_answers(answers_path(competition, data_dir))
    path = Path(submission_path)
    score: float | None
    reason: str | None = None
    grader_error: str | None = None
    try:
        score = score_submission(competition, path, answers, run_dir=run_dir,
                                 limits=submission_limits(competition, data_dir))
    except InvalidSubmissionError as exc:
        score, reason = None, str(exc)
        grader_error = exc.grader_error if isinstance(exc, GraderCrashError) else None
    ranking: dict[str, Any] = dict.fromkeys(RANK_FIELDS)
    if leaderboard_scores is not None:
        medals = rank_score(score, leaderboard_scores, competition.is_lower_better)
        ranking = {name: getattr(medals, name) for name in RANK_FIELDS}
        medal_note = None
    return GradeReport(
        competition_id=competition.id,
        score=score,
        **ranking,
        submission_exists=os.path.lexists(path) and path.suffix.lower() == ".csv",
        valid_submission=score is not None,
        is_lower_better=competition.is_lower_better,
        created_at=now_iso(),
        submission_path=str(path),
        invalid_reason=reason,
        medal_note=medal_note,
        grader_error=grader_error,
    )


def check_submission_format(
    competition: Competition, submission_path: Path, data_dir: Path, limits: SubmissionLimits | None = None
) -> str | None:
    """What an agent may learn: None when the submission is gradeable, else the reason. Never a score."""
    answers = read_answers(answers_path(competition, data_dir))
    try:
        score_submission(competition, Path(submission_path), answers,
                         limits=limits or submission_limits(competition, data_dir))
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
    "MAX_SUBMISSION_BYTES", "answers_path", "check_submission_format", "grade_submission", "grader_error_text",
    "score_submission", "strict_grading", "submission_limits",
]
