"""Mean ROC AUC over MLE-bench's 9 scored classes, each through the shared AUC checks, rows matched by UID."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import prepare_for_auroc, require_columns, require_row_count, roc_auc

# MLE-bench scores 9 of Kaggle's 11 labels (its issue #30): no 'CVC - Normal', no 'Swan Ganz Catheter Present'.
CLASSES = [
    "ETT - Abnormal",
    "ETT - Borderline",
    "ETT - Normal",
    "NGT - Abnormal",
    "NGT - Borderline",
    "NGT - Incompletely Imaged",
    "NGT - Normal",
    "CVC - Abnormal",
    "CVC - Borderline",
]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, CLASSES)
    require_row_count(submission, answers)
    scores = []
    for cls in CLASSES:
        y_true, y_score = prepare_for_auroc(submission, answers, id_column="StudyInstanceUID", target_column=cls)
        # MLE-bench lets NaN through its range check and fails in scikit-learn; same outcome, clearer reason.
        if pd.isna(y_score).any():
            raise InvalidSubmissionError(f"Column '{cls}' must not contain NaN.")
        scores.append(roc_auc(y_true, y_score))
    return float(np.average(scores))
