"""Accuracy of the disease label; config.yaml's submission schema pairs the rows by image_id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # MLE-bench fills empty predictions with '' (wrong, not invalid); the object cast keeps pandas from refusing
    # a text fill value in a column it read as all-NaN floats (the sample submission's).
    predicted = submission["label"].astype(object).fillna("").to_numpy()
    try:
        return accuracy(answers["label"].to_numpy(), predicted)
    except (ValueError, TypeError) as exc:
        # scikit-learn refuses numbers among the text labels: invalid, as in MLE-bench.
        raise InvalidSubmissionError("Column 'label' must hold disease names (text), not numbers.") from exc
