"""A competition's submission contract, declared in its config.yaml under `submission:`, and the checks it implies.

The schema holds what MLE-bench's graders check over and over: the id column(s), the target columns with their
type and range, how submission rows are paired with answer rows, and whether extra columns or missing values are
refused. `check_submission` applies it before the grader runs and hands the grader the two frames aligned row by
row; `generic_invalid_cases` derives the broken submissions that every such rule must refuse. A grader keeps only
its competition's own checks and the metric.

    submission:
      id: id                  # one column name or a list of them
      targets: [EAP, HPL]     # default: every answers column that is not an id
      type: probability       # number | probability | label | text | any
      range: [0, 1]           # inclusive bounds; null for an open end (number, probability)
      labels: [cat, dog]      # the allowed values (label)
      rows: by-id             # by-id | by-position | grader
      extra_columns: refuse   # refuse | ignore
      nan: refuse             # refuse | allow (number and probability: NaN and infinity; label and text: empty)
      numbers: to_numeric     # to_numeric (pandas.to_numeric) | float (numpy's float cast)

`rows`: by-id requires the same ids on both sides, as sorting both and comparing does (MLE-bench's usual pairing;
unique ids are matched by a hash lookup, in the answers' order), and pairs rows by id;
by-position pairs row i with row i, after requiring the same ids in the same order; grader leaves rows to the
grader (only columns are checked). Messages name columns and counts, never answer values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pytest_mlebench.errors import ConfigError, InvalidSubmissionError

TYPES = ("number", "probability", "label", "text", "any")
ROWS = ("by-id", "by-position", "grader")
EXTRA_COLUMNS = ("refuse", "ignore")
NAN = ("refuse", "allow")
NUMBERS = ("to_numeric", "float")

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


@dataclasses.dataclass(frozen=True)
class SubmissionSchema:
    """The submission contract of one competition (see the module docstring for each field)."""

    id_columns: tuple[str, ...]
    targets: tuple[str, ...] | None = None
    type: str = "any"
    range: tuple[float | None, float | None] | None = None
    labels: tuple[str, ...] | None = None
    rows: str = "by-id"
    extra_columns: str = "refuse"
    nan: str = "refuse"
    numbers: str = "to_numeric"

    def target_columns(self, answers: pd.DataFrame) -> list[str]:
        """The declared targets, or every answers column that is not an id."""
        if self.targets is not None:
            return list(self.targets)
        return [str(c) for c in answers.columns if c not in self.id_columns]

    def columns(self, answers: pd.DataFrame) -> list[str]:
        return list(self.id_columns) + [c for c in self.target_columns(answers) if c not in self.id_columns]


def parse_schema(raw: Any, where: str) -> SubmissionSchema:
    """The schema from config.yaml's `submission:` mapping; `ConfigError` naming the field when it is wrong."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: field 'submission' must be a mapping.")
    unknown = set(raw) - {"id", "targets", "type", "range", "labels", "rows", "extra_columns", "nan", "numbers"}
    if unknown:
        raise ConfigError(f"{where}: field 'submission' has unknown key(s) {sorted(unknown)}.")
    ids = raw.get("id")
    id_columns = (ids,) if isinstance(ids, str) else tuple(ids) if isinstance(ids, list) else None
    if not id_columns or not all(isinstance(c, str) for c in id_columns):
        raise ConfigError(f"{where}: field 'submission.id' must be a column name or a list of them.")
    targets = raw.get("targets")
    if targets is not None and not (isinstance(targets, list) and all(isinstance(t, str) for t in targets)):
        raise ConfigError(f"{where}: field 'submission.targets' must be a list of column names.")

    def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
        value = raw.get(name, default)
        if value not in allowed:
            raise ConfigError(f"{where}: field 'submission.{name}' must be one of {', '.join(allowed)}; got {value!r}.")
        return value

    bounds = raw.get("range")
    if bounds is not None:
        if not (isinstance(bounds, list) and len(bounds) == 2
                and all(b is None or isinstance(b, (int, float)) for b in bounds)):
            raise ConfigError(f"{where}: field 'submission.range' must be [low, high], null for an open end.")
        bounds = tuple(None if b is None else float(b) for b in bounds)
    labels = raw.get("labels")
    if labels is not None:
        if not isinstance(labels, list) or not labels:
            raise ConfigError(f"{where}: field 'submission.labels' must be a non-empty list.")
        labels = tuple(str(label) for label in labels)
    schema = SubmissionSchema(
        id_columns=id_columns,
        targets=tuple(targets) if targets is not None else None,
        type=choice("type", TYPES, "any"),
        range=bounds,
        labels=labels,
        rows=choice("rows", ROWS, "by-id"),
        extra_columns=choice("extra_columns", EXTRA_COLUMNS, "refuse"),
        nan=choice("nan", NAN, "refuse"),
        numbers=choice("numbers", NUMBERS, "to_numeric"),
    )
    if schema.range is not None and schema.type not in ("number", "probability"):
        raise ConfigError(f"{where}: field 'submission.range' applies to types number and probability only.")
    if (schema.labels is not None) != (schema.type == "label"):
        raise ConfigError(f"{where}: type 'label' and field 'submission.labels' go together.")
    return schema


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
    expected = pd.Index(answers[column])
    if not expected.is_unique:
        return None
    submitted = pd.Index(submission[column])
    if not submitted.is_unique or submitted.dtype != expected.dtype:
        return None
    positions = submitted.get_indexer(expected)
    if (positions < 0).any():
        return None
    return submission.iloc[positions].reset_index(drop=True), answers.reset_index(drop=True)


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
    first_id, first_target = schema.id_columns[0], targets[0]
    cases: dict[str, tuple[pd.DataFrame, str]] = {
        "missing id column": (sample.drop(columns=[first_id]), REASON_MISSING_COLUMN),
        "missing target column": (sample.drop(columns=[first_target]), REASON_MISSING_COLUMN),
    }
    if schema.extra_columns == "refuse":
        cases["extra column"] = (sample.assign(unexpected_extra=0), REASON_EXTRA_COLUMN)
    if schema.rows == "grader" or len(sample) < 2:
        return cases
    cases["too few rows"] = (sample.iloc[1:], REASON_ROW_COUNT)
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

