"""The input checks MLE-bench's graders apply before scoring, and the shared alignment of submission and answers.

Checks raise `InvalidSubmissionError` with a message safe to show an agent: column names and counts,
never answer values or id lists. No metric is computed here, and nothing here imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError

# --- checks -------------------------------------------------------------------------------------


def require_columns(submission: pd.DataFrame, columns: Sequence[str]) -> None:
    """Every named column must be in the submission."""
    missing = [c for c in columns if c not in submission.columns]
    if missing:
        raise InvalidSubmissionError(f"Submission is missing column(s) {missing}.")


def require_row_count(submission: pd.DataFrame, answers: pd.DataFrame) -> None:
    if len(submission) != len(answers):
        raise InvalidSubmissionError(
            f"Submission has {len(submission)} rows; the test set has {len(answers)}."
        )


def require_matching_sorted_ids(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sort both frames by id; their id sequences must then be equal elementwise."""
    sub = submission.sort_values(by=id_column).reset_index(drop=True)
    ans = answers.sort_values(by=id_column).reset_index(drop=True)
    if len(sub) != len(ans) or not (sub[id_column].to_numpy() == ans[id_column].to_numpy()).all():
        raise InvalidSubmissionError(
            f"Submission's '{id_column}' values do not match the test set's ids "
            "(missing, unknown or duplicated ids)."
        )
    return sub, ans


def as_numbers(values: pd.DataFrame | pd.Series | np.ndarray, what: str = "Predictions") -> np.ndarray:
    """The values as a float array; text that is no number is refused (MLE-bench's numpy call raises instead)."""
    try:
        return np.asarray(values, dtype=float)
    except (ValueError, TypeError) as exc:
        raise InvalidSubmissionError(f"{what} must be numbers.") from exc


def require_in_unit_interval(values: pd.DataFrame | pd.Series, what: str = "Predictions") -> None:
    """All values in [0, 1]; NaN fails, as `0 <= nan` is false."""
    arr = as_numbers(values, what)
    if not ((arr >= 0) & (arr <= 1)).all():
        raise InvalidSubmissionError(f"{what} must be probabilities in [0, 1] (no NaN).")


def require_finite(values: pd.DataFrame | pd.Series, what: str = "Predictions") -> None:
    """All values numbers, none NaN or infinite (a regression metric would otherwise return NaN or raise)."""
    arr = as_numbers(values, what)
    if not np.isfinite(arr).all():
        raise InvalidSubmissionError(f"{what} must be finite numbers (no NaN or infinity).")


def as_python_ints(values: pd.Series | np.ndarray, column: str) -> np.ndarray:
    """Each value through Python's `int()`, as MLE-bench's herbarium graders convert labels (2.7 -> 2, '12' -> 12).

    A value `int()` refuses (NaN, infinity, text) is refused; so is one outside int64, which scikit-learn would
    read as a continuous target and raise on.
    """
    try:
        ints = [int(value) for value in values]
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidSubmissionError(f"Column '{column}' must hold integers (int() fails on a value).") from exc
    if any(not -(2**63) <= value < 2**63 for value in ints):
        raise InvalidSubmissionError(f"Column '{column}' must hold integers within the int64 range.")
    return np.asarray(ints, dtype=np.int64)


def require_rows_sum_to_one(probabilities: pd.DataFrame) -> None:
    """Row sums close to 1 as numpy.isclose(sum, 1, atol=1e-6) decides (rtol 1e-5 included)."""
    sums = as_numbers(probabilities, "Class probabilities").sum(axis=1)
    if not np.isclose(sums, 1, atol=1e-6).all():
        raise InvalidSubmissionError("Each row's class probabilities must sum to 1.")


# --- shared input preparation -------------------------------------------------------------------


def prepare_for_auroc(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target_column: str
) -> tuple[np.ndarray, np.ndarray]:
    """MLE-bench's binary-AUC input checks; returns (y_true, y_score) aligned by id."""
    require_columns(submission, [id_column])
    require_columns(submission, [target_column])
    require_row_count(submission, answers)
    try:
        values = pd.to_numeric(submission[target_column])
    except (ValueError, TypeError) as exc:
        raise InvalidSubmissionError(f"Column '{target_column}' must be numeric.") from exc
    # The range is checked on the numbers: a text column mixing numbers and digits-as-text cannot be ordered.
    submission = submission.assign(**{target_column: values})
    if submission[target_column].min() < 0 or submission[target_column].max() > 1:
        raise InvalidSubmissionError(f"Column '{target_column}' must be within [0, 1].")
    sub, ans = require_matching_sorted_ids(submission, answers, id_column)
    return ans[target_column].to_numpy(), sub[target_column].to_numpy()


def prepare_for_accuracy(
    submission: pd.DataFrame, answers: pd.DataFrame, target_column: str, id_column: str
) -> tuple[np.ndarray, np.ndarray]:
    """MLE-bench's accuracy input checks; returns (y_true, y_pred) aligned by id."""
    require_row_count(submission, answers)
    require_columns(submission, [target_column])
    require_columns(submission, [id_column])
    sub, ans = require_matching_sorted_ids(submission, answers, id_column)
    return ans[target_column].to_numpy(), sub[target_column].to_numpy()


def as_text(values: pd.Series | np.ndarray) -> np.ndarray:
    """`Series.astype(str)` as pandas 2 (MLE-bench's) does it: each value through `str`, NaN becoming 'nan'.

    pandas 3 keeps NaN missing instead, so two missing labels would no longer compare equal.
    """
    return np.array([str(v) for v in pd.Series(values).tolist()], dtype=object)


def one_hot_log_loss_inputs(
    submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, apply_softmax: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Align a one-hot answers frame (its id column included) and a probability submission by id, in the answers'
    column order; every answers column must be in the submission."""
    missing = [c for c in answers.columns if c not in submission.columns]
    if missing:
        raise InvalidSubmissionError(f"Submission is missing column(s) {missing[:10]}.")
    sub = submission[list(answers.columns)].sort_values(by=id_column).reset_index(drop=True)
    ans = answers.sort_values(by=id_column).reset_index(drop=True)
    if len(sub) != len(ans) or not (sub[id_column].to_numpy() == ans[id_column].to_numpy()).all():
        raise InvalidSubmissionError(f"Submission's '{id_column}' values do not match the test set's ids.")
    y_true = ans.drop(columns=[id_column]).to_numpy()
    y_pred = sub.drop(columns=[id_column]).to_numpy()
    if apply_softmax:
        shifted = np.exp(y_pred - y_pred.max(axis=1, keepdims=True))
        y_pred = shifted / shifted.sum(axis=1, keepdims=True)
    return y_true, y_pred
