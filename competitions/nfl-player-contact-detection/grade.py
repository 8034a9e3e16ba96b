"""Matthews correlation of contact labels; config.yaml's schema pairs the rows by contact_id and refuses NaN."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import matthews_correlation


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_pred = submission["contact"].to_numpy()
    # scikit-learn calls floats that differ from their int cast continuous and refuses them; whole numbers other
    # than 0 and 1 pass as classes (parity).
    with np.errstate(invalid="ignore"):
        continuous = (y_pred != y_pred.astype(int)).any()
    if continuous:
        raise InvalidSubmissionError("Column 'contact' must hold class labels (0 or 1), not fractional scores.")
    return matthews_correlation(answers["contact"].to_numpy(), y_pred)
