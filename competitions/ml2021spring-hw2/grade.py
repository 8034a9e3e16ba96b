"""Accuracy of the phoneme class; config.yaml's submission schema pairs the rows by Id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return accuracy(answers["ClassId"].to_numpy(), submission["ClassId"].to_numpy())
    except (ValueError, TypeError) as exc:
        # MLE-bench lets scikit-learn refuse labels it cannot compare with integer classes: invalid.
        raise InvalidSubmissionError(
            "Column 'ClassId' must hold whole-number classes (text or fractional numbers cannot be compared)."
        ) from exc
