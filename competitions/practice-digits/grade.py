"""Accuracy of the predicted digits, rows paired by id."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy, prepare_for_accuracy, require_exact_columns

DIGITS = range(10)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, ["id", "label"])
    y_true, y_pred = prepare_for_accuracy(submission, answers, target_column="label", id_column="id")
    # A label that is no digit (NaN, 10, "seven") is a malformed submission, not merely a wrong answer.
    if not pd.Series(y_pred).isin(DIGITS).all():
        raise InvalidSubmissionError("Column 'label' must hold whole digits 0 to 9 (no NaN).")
    return accuracy(y_true, y_pred)
