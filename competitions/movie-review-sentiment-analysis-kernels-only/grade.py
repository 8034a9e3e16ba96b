"""Accuracy of the sentiment class; config.yaml's submission schema pairs the rows by PhraseId first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return accuracy(answers["Sentiment"].to_numpy(), submission["Sentiment"].to_numpy())
    except (ValueError, TypeError) as exc:
        # MLE-bench lets scikit-learn refuse labels it cannot compare with integer classes: invalid.
        raise InvalidSubmissionError(
            "Column 'Sentiment' must hold whole-number classes 0-4 (text or fractional numbers cannot be compared)."
        ) from exc
