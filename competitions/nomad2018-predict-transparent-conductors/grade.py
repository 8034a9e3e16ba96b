"""Mean of the RMSLEs of the two targets, rows paired by position (MLE-bench never reads the id)."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import require_columns, require_finite, require_row_count, rmsle

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    for column in TARGETS:
        require_columns(submission, [column])
    require_row_count(submission, answers)
    scores = []
    for column in TARGETS:
        y_pred = submission[column].to_numpy()
        if pd.isna(y_pred).any():
            raise InvalidSubmissionError(f"Column '{column}' must not contain NaN.")
        require_finite(y_pred, f"Column '{column}'")
        # Negative values are left to scikit-learn, whose limit depends on its version (a known issue).
        try:
            scores.append(rmsle(answers[column].to_numpy(), y_pred.astype(float)))
        except ValueError as exc:
            raise InvalidSubmissionError(f"Column '{column}' is out of RMSLE's range: {str(exc)[:200]}") from exc
    return float(np.mean(scores))
