"""Binary ROC AUC of probability, rows matched by clip file name (MLE-bench's shared AUC checks)."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import prepare_for_auroc, roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true, y_score = prepare_for_auroc(submission, answers, id_column="clip", target_column="probability")
    # MLE-bench lets NaN through its range check and fails in scikit-learn; same outcome, clearer reason.
    if pd.isna(y_score).any():
        raise InvalidSubmissionError("Column 'probability' must not contain NaN.")
    return roc_auc(y_true, y_score)
