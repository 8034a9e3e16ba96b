"""Multi-class log loss of the three outcomes; the schema checks columns, rows, ids and the [0, 1] range first."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import log_loss

CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sums = submission[CLASSES].to_numpy(dtype=float).sum(axis=1)
    # MLE-bench rounds each row's sum to 6 decimals and requires exactly 1 (no other tolerance).
    if not (np.round(sums, 6) == 1).all():
        raise InvalidSubmissionError("Each row's three probabilities must sum to 1 (after rounding to 6 decimals).")
    return log_loss(answers[CLASSES].to_numpy(), submission[CLASSES].to_numpy(dtype=float))
