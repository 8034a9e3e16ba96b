"""The checks a competition's submission schema implies (`check_submission`, applied before its grader runs) and
the broken submissions each must refuse (`generic_invalid_cases`). Messages name columns and counts, never answer
values. The schema itself, and what each field means: `pytest_mlebench.submission_schema`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.submission_schema import SubmissionSchema

# The reasons generic checks give, as regexes (conformance cases assert them).
REASON_MISSING_COLUMN = r"Submission is missing column\(s\) \[.*\]\."
REASON_EXTRA_COLUMN = r"Submission has unexpected column\(s\) \[.*\]\."
REASON_ROW_COUNT = r"Submission has \d+ rows; the test set has \d+\."
REASON_ID_MISMATCH = r"Submission's .* values do not match the test set's ids"
REASON_NOT_NUMBERS = r"Column '.*' must hold numbers\."
REASON_NOT_FINITE = r"Column '.*' must hold finite numbers \(no NaN or infinity\)\."
REASON_EMPTY = r"Column '.*' must not have empty values\."
REASON_RANGE = r"Column '.*' must be within \[.*\]\."
REASON_LABEL = r"Column '.*' holds values outside the \d+ allowed labels\."


# --- checks -------------------------------------------------------------------------------------------------


def check_submission(
    submission: pd.DataFrame, answers: pd.DataFrame, schema: SubmissionSchema
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the schema; return (submission, answers) aligned row by row, targets converted to the declared type.

    Raises `InvalidSubmissionError` with the first rule the submission breaks.
    """
    columns = schema.columns(answers)
    missing = [c for c in columns if c not in submission.columns]
    if missing:
        raise InvalidSubmissionError(f"Submission is missing column(s) {missing[:10]}.")
    extra = [str(c) for c in submission.columns if c not in set(columns)]
    if extra and schema.extra_columns == "refuse":
        raise InvalidSubmissionError(f"Submission has unexpected column(s) {extra[:10]}.")
    if schema.rows == "grader":
        return submission, answers
    if len(submission) != len(answers):
        raise InvalidSubmissionError(f"Submission has {len(submission)} rows; the test set has {len(answers)}.")
    submission, answers = _aligned(submission, answers, schema)
    converted = {c: _converted(submission[c], c, schema) for c in schema.target_columns(answers)}
    return submission.assign(**converted), answers


def _aligned(
    submission: pd.DataFrame, answers: pd.DataFrame, schema: SubmissionSchema
) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = list(schema.id_columns)
    if schema.rows == "by-id" and len(ids) == 1:
        matched = _matched_by_hash(submission, answers, ids[0])
        if matched is not None:
            return matched
    if schema.rows == "by-id":
        submission = submission.sort_values(by=ids, kind="stable")
        answers = answers.sort_values(by=ids, kind="stable")
    submission = submission.reset_index(drop=True)
    answers = answers.reset_index(drop=True)
    for column in ids:
        if not _same_ids(submission[column], answers[column]):
            order = "" if schema.rows == "by-id" else ", in the test set's order"
            raise InvalidSubmissionError(
                f"Submission's '{column}' values do not match the test set's ids "
                f"(missing, unknown or duplicated ids{order})."
            )
    return submission, answers


def _matched_by_hash(
    submission: pd.DataFrame, answers: pd.DataFrame, column: str
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The submission reordered to the answers' rows by a hash lookup of the ids, or None to fall back to sorting.

    Same verdict as sorting both and comparing (the multisets of ids are equal): with unique answer ids and equal
    lengths, that holds exactly when the submission's ids are unique and each answer id is found among them. A
    failed lookup falls back to the sorting path, which gives the refusal its usual reason.
    """
    expected, submitted = answers[column], submission[column]
    if not isinstance(submitted, pd.Series) or submitted.dtype != expected.dtype:
        return None
    positions = _positions_by_codes(submitted, expected) if _arrow_strings(expected) else None
    if positions is None:
        index = pd.Index(expected)
        if not index.is_unique:
            return None
        found = pd.Index(submitted)
        if not found.is_unique:
            return None
        positions = found.get_indexer(index)
    if (positions < 0).any():
        return None
    answers = answers.reset_index(drop=True)
    # The matched ids equal the answers' ids, value for value and dtype: take those instead of gathering the
    # submission's own (a random-access gather of a million strings costs more than the lookup itself).
    others = submission[[c for c in submission.columns if c != column]].iloc[positions].reset_index(drop=True)
    return pd.concat([others, answers[[column]]], axis=1)[list(submission.columns)], answers


def _arrow_strings(values: pd.Series) -> bool:
    """Text held by pyarrow (pandas 3's default string dtype where pyarrow is installed, or `string[pyarrow]`)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow" and len(values) > 0


def _arrow_chunks(values: pd.Series) -> list[pa.Array]:
    """The column's arrow chunks, without a copy (nesting chunked arrays instead costs seconds a million rows)."""
    held = pa.array(values.array)
    return list(held.chunks) if isinstance(held, pa.ChunkedArray) else [held]


def _positions_by_codes(submitted: pd.Series, expected: pd.Series) -> np.ndarray | None:
    """Where each expected id sits in `submitted` (-1: absent), through one dictionary encoding of both columns'
    bytes in arrow; None where ids repeat or are missing (the caller then refuses through the sorting path).

    pandas' Index on arrow strings turns them into Python objects and hashes those, once per call; here the
    ids are hashed once, in C++, and the rest is integer arithmetic on their codes. UTF-8 bytes are equal exactly
    when the strings are, so the verdict is the Index lookup's.
    """
    both = pa.chunked_array(_arrow_chunks(expected) + _arrow_chunks(submitted)).combine_chunks()
    if both.null_count:
        return None
    codes = both.dictionary_encode().indices.to_numpy()
    wanted, given = codes[: len(expected)], codes[len(expected):]
    distinct = int(codes.max()) + 1
    if np.bincount(wanted, minlength=distinct).max() > 1 or np.bincount(given, minlength=distinct).max() > 1:
        return None
    where = np.full(distinct, -1, dtype=np.int64)
    where[given] = np.arange(len(given))
    return where[wanted]


def _same_ids(submitted: pd.Series, expected: pd.Series) -> bool:
    """Equal elementwise, as MLE-bench compares them; ids of another dtype (text against numbers) differ."""
    try:
        return bool((submitted.to_numpy() == expected.to_numpy()).all())
    except (TypeError, ValueError):
        return False


def _converted(values: pd.Series, column: str, schema: SubmissionSchema) -> pd.Series:
    if schema.type in ("number", "probability"):
        numbers = _as_numbers(values, column, schema.numbers)
        if schema.nan == "refuse" and not np.isfinite(numbers.to_numpy()).all():
            raise InvalidSubmissionError(f"Column '{column}' must hold finite numbers (no NaN or infinity).")
        _require_range(numbers, column, schema.range or ((0.0, 1.0) if schema.type == "probability" else None))
        return numbers
    if schema.type in ("label", "text") and schema.nan == "refuse" and values.isna().any():
        raise InvalidSubmissionError(f"Column '{column}' must not have empty values.")
    if schema.type == "label":
        allowed = set(schema.labels or ())
        if not values.dropna().astype(str).isin(allowed).all():
            raise InvalidSubmissionError(f"Column '{column}' holds values outside the {len(allowed)} allowed labels.")
    return values


def _as_numbers(values: pd.Series, column: str, how: str) -> pd.Series:
    try:
        if how == "float":
            return pd.Series(np.asarray(values, dtype=float), index=values.index)
        return pd.to_numeric(values).astype(float)
    except (ValueError, TypeError) as exc:
        raise InvalidSubmissionError(f"Column '{column}' must hold numbers.") from exc


def _require_range(numbers: pd.Series, column: str, bounds: tuple[float | None, float | None] | None) -> None:
    if bounds is None:
        return
    low, high = bounds
    present = numbers.dropna()
    if (low is not None and (present < low).any()) or (high is not None and (present > high).any()):
        shown = ", ".join("" if b is None else f"{b:g}" for b in bounds)
        raise InvalidSubmissionError(f"Column '{column}' must be within [{shown}].")


# --- the generic invalid cases ------------------------------------------------------------------------------


def generic_invalid_cases(
    schema: SubmissionSchema, sample: pd.DataFrame, answers: pd.DataFrame
) -> dict[str, tuple[pd.DataFrame, str]]:
    """Broken copies of the (valid) sample submission, one per rule the schema implies -> (frame, reason regex)."""
    sample = sample.reset_index(drop=True).copy()  # one block: inserts into a wide frame stay cheap
    targets = schema.target_columns(answers)
    first_target = targets[0]
    cases: dict[str, tuple[pd.DataFrame, str]] = {}
    if schema.id_columns:
        cases["missing id column"] = (sample.drop(columns=[schema.id_columns[0]]), REASON_MISSING_COLUMN)
    cases["missing target column"] = (sample.drop(columns=[first_target]), REASON_MISSING_COLUMN)
    if schema.extra_columns == "refuse":
        cases["extra column"] = (sample.assign(unexpected_extra=0), REASON_EXTRA_COLUMN)
    if schema.rows == "grader" or len(sample) < 2:
        return cases
    cases["too few rows"] = (sample.iloc[1:], REASON_ROW_COUNT)
    if schema.id_columns:
        first_id = schema.id_columns[0]
        cases["duplicated id"] = (_with_value(sample, len(sample) - 1, first_id, sample[first_id].iloc[0]),
                                  REASON_ID_MISMATCH)
        cases["unknown id"] = (_with_value(sample, 0, first_id, _unknown_id(answers[first_id])), REASON_ID_MISMATCH)
        if schema.rows == "by-position":
            cases["rows out of order"] = (sample.iloc[::-1], REASON_ID_MISMATCH)
    if schema.type in ("number", "probability"):
        cases["text in a number column"] = (_with_value(sample, 0, first_target, "not-a-number"), REASON_NOT_NUMBERS)
        if schema.nan == "refuse":
            cases["missing value"] = (_with_value(sample, 0, first_target, np.nan), REASON_NOT_FINITE)
        bounds = schema.range or ((0.0, 1.0) if schema.type == "probability" else None)
        if bounds is not None:
            low, high = bounds
            outside = high + 1 if high is not None else low - 1
            cases["value out of range"] = (_with_value(sample, 0, first_target, outside), REASON_RANGE)
    if schema.type in ("label", "text") and schema.nan == "refuse":
        cases["missing value"] = (_with_value(sample, 0, first_target, np.nan), REASON_EMPTY)
    if schema.type == "label":
        cases["unknown label"] = (_with_value(sample, 0, first_target, "not-a-known-label"), REASON_LABEL)
    return cases


def _with_value(frame: pd.DataFrame, row: int, column: str, value: Any) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column].astype(object)
    out.loc[row, column] = value
    return out


def _unknown_id(ids: pd.Series) -> Any:
    """A value of the ids' own kind that is no test id."""
    if pd.api.types.is_numeric_dtype(ids):
        return int(ids.max()) + 1_000_003
    return "not-a-test-id"

