"""Accuracy of the Category ids; the schema has matched rows by Id and read Category as numbers."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predicted = submission["Category"].to_numpy(dtype=float)
    # scikit-learn reads non-integral floats as a continuous target and refuses them beside integer answers.
    # Integral floats beyond 2**53 are read as continuous too (their int cast overflows).
    if not ((predicted == np.round(predicted)) & (np.abs(predicted) < 2**53)).all():
        raise InvalidSubmissionError("Column 'Category' must hold integer category ids.")
    return accuracy(answers["Category"].to_numpy(), predicted)
