"""Accuracy of Cover_Type, rows matched by Id (MLE-bench's shared accuracy checks)."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy, as_numbers, prepare_for_accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true, y_pred = prepare_for_accuracy(submission, answers, target_column="Cover_Type", id_column="Id")
    # scikit-learn refuses NaN labels anyway; same outcome, clearer reason.
    if pd.isna(y_pred).any():
        raise InvalidSubmissionError("Column 'Cover_Type' must not contain NaN.")
    # scikit-learn refuses text labels mixed with the answers' numbers, as in MLE-bench; clearer reason.
    as_numbers(y_pred, "Column 'Cover_Type'")
    return accuracy(y_true, y_pred)
