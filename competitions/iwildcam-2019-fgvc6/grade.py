"""Macro F1 over integer categories; config.yaml's schema pairs the rows by Id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import f1


def categories(values: pd.Series, what: str) -> list[int]:
    """Each value through Python's int(), as MLE-bench converts them: 2.7 becomes 2; NaN and text fail."""
    try:
        ints = [int(value) for value in values]
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidSubmissionError(f"{what} 'Category' must hold integer category ids (no missing values).") from exc
    # scikit-learn cannot read ids beyond int64 beside the answers' classes and raises, as in MLE-bench.
    if any(not -(2**63) <= value < 2**63 for value in ints):
        raise InvalidSubmissionError(f"{what} 'Category' must hold category ids within the int64 range.")
    return ints


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_pred = categories(submission["Category"], "Column")
    return f1(categories(answers["Category"], "Answers column"), y_pred, average="macro")
