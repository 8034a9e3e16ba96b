"""RMSE of fare_amount; both files sorted by key and paired by position, as MLE-bench does."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import require_columns, require_finite, require_row_count, rmse

ID, TARGET = "key", "fare_amount"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [TARGET])
    require_columns(submission, [ID])
    # MLE-bench has no row-count check; scikit-learn's length check fails instead (same outcome).
    require_row_count(submission, answers)
    # No key-equality check: rows are paired by position after sorting (parity).
    y_pred = submission.sort_values(by=ID)[TARGET].to_numpy()
    y_true = answers.sort_values(by=ID)[TARGET].to_numpy()
    if pd.isna(y_pred).any():
        raise InvalidSubmissionError(f"Column '{TARGET}' must not contain NaN.")
    # MLE-bench leaves text and infinities to scikit-learn, which raises; same outcome, clearer reason.
    require_finite(y_pred, f"Column '{TARGET}'")
    return rmse(y_true, y_pred)
