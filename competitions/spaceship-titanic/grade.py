"""Accuracy of Transported; config.yaml's submission schema pairs the rows by PassengerId first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return accuracy(answers["Transported"].to_numpy(), submission["Transported"].to_numpy())
    except (ValueError, TypeError) as exc:
        # MLE-bench lets scikit-learn refuse labels it cannot compare with booleans (text, fractions): invalid.
        raise InvalidSubmissionError(
            "Column 'Transported' must hold True/False labels (text or fractional numbers cannot be compared)."
        ) from exc
