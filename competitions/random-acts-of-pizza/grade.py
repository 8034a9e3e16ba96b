"""Binary ROC AUC of requester_received_pizza, rows matched by request_id (MLE-bench's shared AUC checks)."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import prepare_for_auroc, roc_auc

TARGET = "requester_received_pizza"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true, y_score = prepare_for_auroc(submission, answers, id_column="request_id", target_column=TARGET)
    # MLE-bench lets NaN through its range check and fails in scikit-learn; same outcome, clearer reason.
    if pd.isna(y_score).any():
        raise InvalidSubmissionError(f"Column '{TARGET}' must not contain NaN.")
    return roc_auc(y_true, y_score)
