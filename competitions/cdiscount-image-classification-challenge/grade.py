"""Accuracy of category_id; config.yaml's submission schema pairs the rows by _id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return accuracy(answers["category_id"].to_numpy(), submission["category_id"].to_numpy())
    except (ValueError, TypeError) as exc:
        # MLE-bench lets scikit-learn refuse labels it cannot compare with integer categories: invalid.
        raise InvalidSubmissionError(
            "Column 'category_id' must hold whole-number categories (text or fractional numbers cannot be compared)."
        ) from exc
