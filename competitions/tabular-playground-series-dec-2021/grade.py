"""Accuracy of Cover_Type; config.yaml's schema does MLE-bench's shared accuracy checks (columns, rows, ids)."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true, y_pred = answers["Cover_Type"].to_numpy(), submission["Cover_Type"].to_numpy()
    # scikit-learn refuses NaN labels anyway; same outcome, clearer reason.
    if pd.isna(y_pred).any():
        raise InvalidSubmissionError("Column 'Cover_Type' must not contain NaN.")
    # scikit-learn refuses text, fractional or infinite labels beside the answers' classes, as in MLE-bench;
    # same outcome, clearer reason.
    # A numeric array is numeric as a list too; only object arrays need the list (about 40 % of this grader's time).
    if y_pred.dtype.kind not in "biufc" and not pd.api.types.is_numeric_dtype(pd.Series(list(y_pred))):
        raise InvalidSubmissionError("Column 'Cover_Type' must be numbers.")
    labels = np.asarray(y_pred, dtype=float)
    if not (np.isfinite(labels) & (np.abs(labels) < 2**53) & (labels == np.round(labels))).all():
        raise InvalidSubmissionError("Column 'Cover_Type' must hold whole-number cover types.")
    return accuracy(y_true, y_pred)
