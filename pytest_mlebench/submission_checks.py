"""The checks a competition's submission schema implies (`check_submission`, applied before its grader runs) and
the broken submissions each must refuse (`generic_invalid_cases`). Messages name columns and counts, never answer
values. The schema itself, and what each field means: `pytest_mlebench.submission_schema`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    targets = schema.target_columns(answers)
    if _floats_already_valid(submission, targets, schema):
        return submission, answers  # converting float columns to floats changes nothing
    converted = {c: _converted(submission[c], c, schema) for c in targets}
    return submission.assign(**converted), answers


def _floats_already_valid(submission: pd.DataFrame, targets: list[str], schema: SubmissionSchema) -> bool:
    """Whether every target is a float column that passes the schema's number checks, all checked in one block
    (a probability file of 120 columns costs one pass, not 120); False sends them through `_converted`, which
    gives the reason."""
    if schema.type not in ("number", "probability") or not targets:
        return False
    block = submission[targets]
    if block.shape[1] != len(targets) or not all(dtype == np.float64 for dtype in block.dtypes):
        return False
    values = block.to_numpy()
    if schema.nan == "refuse" and not np.isfinite(values).all():
        return False
    low, high = _bounds(schema) or (None, None)
    # NaN compares false both ways, as the column checks drop it before comparing
    return not ((low is not None and (values < low).any()) or (high is not None and (values > high).any()))


def _aligned(
    submission: pd.DataFrame, answers: pd.DataFrame, schema: SubmissionSchema
) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = list(schema.id_columns)
    if schema.rows in ("by-id", "by-sorted-id") and len(ids) == 1:
        matched = _matched_by_hash(submission, answers, ids[0])
        if matched is not None:
            return matched
    if schema.rows == "by-sorted-id":  # MLE-bench's own sort (pandas' default kind), ids never compared
        return (submission.sort_values(by=ids).reset_index(drop=True),
                answers.sort_values(by=ids).reset_index(drop=True))
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
    positions = (_positions_by_bytes(submitted, expected) if _arrow_strings(expected)
                 else _positions_in_range(submitted, expected))
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
    if submission.columns.has_duplicates:
        others = submission[[c for c in submission.columns if c != column]].iloc[positions].reset_index(drop=True)
        return pd.concat([others, answers[[column]]], axis=1)[list(submission.columns)], answers
    # The matched ids equal the answers' ids, value for value and dtype: take those instead of gathering the
    # submission's own (a random-access gather of a million strings costs more than the lookup itself).
    reordered = {c: answers[column].array if c == column else submission[c].array.take(positions)
                 for c in submission.columns}
    return pd.DataFrame(reordered), answers


_MAX_RANGE_PER_ID = 4


def _positions_in_range(submitted: pd.Series, expected: pd.Series) -> np.ndarray | None:
    """Where each expected integer id sits in `submitted` (-1: absent), by direct addressing where the ids span
    a range at most four times their count (numbered rows, the usual case); None where they do not, or repeat."""
    if submitted.dtype.kind not in "iu" or expected.dtype.kind not in "iu" or not len(expected):
        return None
    given, wanted = submitted.to_numpy(), expected.to_numpy()
    low = int(min(given.min(), wanted.min()))
    span = int(max(given.max(), wanted.max())) - low + 1
    if span > _MAX_RANGE_PER_ID * max(len(given), len(wanted)) + 1024:
        return None
    given_slots, wanted_slots = (given - low).astype(np.int64), (wanted - low).astype(np.int64)
    if np.bincount(given_slots, minlength=span).max() > 1 or np.bincount(wanted_slots, minlength=span).max() > 1:
        return None
    where = np.full(span, -1, dtype=np.int64)
    where[given_slots] = np.arange(len(given))
    return where[wanted_slots]


def _arrow_strings(values: pd.Series) -> bool:
    """Text held by pyarrow (pandas 3's default string dtype where pyarrow is installed, or `string[pyarrow]`)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow" and len(values) > 0


def _positions_by_bytes(submitted: pd.Series, expected: pd.Series) -> np.ndarray | None:
    """Where each expected id sits in `submitted` (-1: absent), matched on the ids' UTF-8 bytes; None where ids
    are missing, repeat, or are too long to pack (the caller then goes the Index or the sorting way).

    pandas' Index on arrow strings turns them into Python objects and hashes those, and arrow's own dictionary
    encoding is slower still on a million distinct ids; here each id's bytes are packed into 64-bit words straight
    from arrow's buffers, the words hashed with numpy, the hashes looked up in an integer Index, and every match
    then confirmed word by word, so a hash collision can only send the ids down the slower path, never pair two
    different ids. UTF-8 bytes are equal exactly when the strings are, so the verdict is the Index lookup's.
    """
    wanted, given = _packed_ids(expected), _packed_ids(submitted)
    if wanted is None or given is None:
        return None
    width = max(len(wanted), len(given))
    wanted, given = _widened(wanted, width), _widened(given, width)
    keys = pd.Index(_hashed(given))
    if not keys.is_unique:
        return None
    if wanted.shape == given.shape and _words_equal(given, wanted):
        return np.arange(given.shape[1])  # written in the answers' order, as most agents write it
    positions = keys.get_indexer(_hashed(wanted))
    found = positions >= 0
    if found.all() and np.bincount(positions, minlength=len(positions)).max() > 1:
        return None  # repeated answer ids: the Index way refuses to pair them
    if not _words_equal(given, wanted, positions[found], found):
        return None  # a hash collision, not a match
    return positions


def _words_equal(given: np.ndarray, wanted: np.ndarray, ids: np.ndarray | None = None,
                 among: np.ndarray | None = None) -> bool:
    """Whether ids `ids` of `given` equal ids `among` of `wanted`, word for word (all ids where not given)."""
    for have, want in zip(given, wanted, strict=True):
        if not np.array_equal(have if ids is None else have[ids], want if among is None else want[among]):
            return False
    return True


_MAX_PACKED_BYTES = 256


def _packed_ids(values: pd.Series) -> np.ndarray | None:
    """The text ids as uint64 words, one row per word position and one column per id (its bytes zero-padded to a
    multiple of 8, then its length in the last row, so gathers stay contiguous); None for missing ids or ids over
    256 bytes."""
    held = pa.array(values.array)
    held = held.combine_chunks() if isinstance(held, pa.ChunkedArray) else held
    if held.null_count or not (pa.types.is_string(held.type) or pa.types.is_large_string(held.type)):
        return None
    lengths = np.asarray(pc.binary_length(held), dtype=np.int64)
    longest = int(lengths.max()) if len(lengths) else 0
    if longest > _MAX_PACKED_BYTES:
        return None
    width = max(-(-longest // 8) * 8, 8)
    if (lengths != width).any() and pc.all(pc.string_is_ascii(held)).as_py():
        held = pc.ascii_rpad(held, width=width, padding="\0")  # one byte a character: every id `width` bytes
    matrix = _byte_matrix(held, width)
    words = np.ascontiguousarray(matrix).view(np.uint64)
    packed = np.empty((words.shape[1] + 1, len(held)), dtype=np.uint64)
    packed[:-1] = words.T
    packed[-1] = lengths  # the length tells padding from the id's own bytes
    return packed


def _byte_matrix(held: pa.Array, width: int) -> np.ndarray:
    """The ids' bytes as an (ids, width) matrix, zero-padded: a view of arrow's buffer where every id is `width`
    bytes long, else a copy."""
    offset_type = np.int64 if pa.types.is_large_string(held.type) else np.int32
    _, offsets_buffer, data_buffer = held.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[held.offset: held.offset + len(held) + 1]
    offsets = offsets.astype(np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    first, last = int(offsets[0]), int(offsets[-1])
    if (lengths == width).all():
        return data[first:last].reshape(len(held), width)
    matrix = np.zeros((len(held), width), dtype=np.uint8)
    rows = np.repeat(np.arange(len(held)), lengths)
    columns = np.arange(last - first) - np.repeat(offsets[:-1] - first, lengths)
    matrix[rows, columns] = data[first:last]
    return matrix


def _widened(words: np.ndarray, width: int) -> np.ndarray:
    """Packed ids padded with zero words (before the length row) to `width` rows in all."""
    missing = width - len(words)
    if not missing:
        return words
    return np.vstack([words[:-1], np.zeros((missing, words.shape[1]), np.uint64), words[-1:]])


def _hashed(words: np.ndarray) -> np.ndarray:
    """One 64-bit hash an id (multiply-xorshift over its words); equal ids hash equal."""
    hashed = np.full(words.shape[1], 0x9E3779B97F4A7C15, dtype=np.uint64)
    for word in words:
        hashed = (hashed ^ word) * np.uint64(0xBF58476D1CE4E5B9)
        hashed ^= hashed >> np.uint64(31)
    return hashed


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
        _require_range(numbers, column, _bounds(schema))
        return numbers
    if schema.type in ("label", "text") and schema.nan == "refuse" and values.isna().any():
        raise InvalidSubmissionError(f"Column '{column}' must not have empty values.")
    if schema.type == "label":
        allowed = set(schema.labels or ())
        if not values.dropna().astype(str).isin(allowed).all():
            raise InvalidSubmissionError(f"Column '{column}' holds values outside the {len(allowed)} allowed labels.")
    return values


def _bounds(schema: SubmissionSchema) -> tuple[float | None, float | None] | None:
    """The declared range; [0, 1] for probabilities that declare none."""
    return schema.range or ((0.0, 1.0) if schema.type == "probability" else None)


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
    if schema.id_columns and schema.rows != "by-sorted-id":
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
        bounds = _bounds(schema)
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

