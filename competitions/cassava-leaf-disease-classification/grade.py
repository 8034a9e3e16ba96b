"""Accuracy of label; config.yaml's submission schema pairs the rows by image_id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return accuracy(answers["label"].to_numpy(), submission["label"].to_numpy())
    except (ValueError, TypeError) as exc:
        # MLE-bench lets scikit-learn refuse labels it cannot compare with integer classes: invalid.
        raise InvalidSubmissionError(
            "Column 'label' must hold whole-number classes (text or fractional numbers cannot be compared)."
        ) from exc
