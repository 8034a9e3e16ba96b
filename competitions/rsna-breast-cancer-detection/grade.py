"""Probabilistic F1 of cancer per breast (Kaggle's pF1, beta 1); the schema aligns rows by prediction_id first."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import probabilistic_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predictions = submission["cancer"].to_numpy(dtype=float)
    # Kaggle's pF1 divides by the sum of the clipped predictions; MLE-bench's ZeroDivisionError makes it invalid.
    # NaN does not raise there (it propagates and scores 0), so only an exact zero sum is refused.
    if np.clip(predictions, 0, 1).sum() == 0:
        raise InvalidSubmissionError("Column 'cancer' must not be all zero (or negative): precision is undefined.")
    return probabilistic_f1(answers["cancer"].to_numpy(), predictions)
