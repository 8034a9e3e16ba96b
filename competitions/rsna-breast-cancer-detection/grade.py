"""Probabilistic F1 of cancer per breast (Kaggle's pF1, beta 1); the schema aligns rows by prediction_id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import probabilistic_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predictions = submission["cancer"].to_numpy(dtype=float)
    # Kaggle's pF1 clips with Python's min(max(p, 0), 1): a negative prediction becomes the int 0, any other stays a
    # numpy number. Only when every prediction is negative are both soft counts ints, and 0 / 0 raises
    # ZeroDivisionError (invalid in MLE-bench); all zeros (or -0.0, or NaN) divide as numpy floats and score 0.
    if (predictions < 0).all():
        raise InvalidSubmissionError("Column 'cancer' must not be negative everywhere: precision is undefined.")
    return probabilistic_f1(answers["cancer"].to_numpy(), predictions)
