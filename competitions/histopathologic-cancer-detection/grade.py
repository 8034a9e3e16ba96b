"""ROC AUC of the tumour probability, rows matched by id, behind MLE-bench's shared binary-AUC checks."""

import pandas as pd

from pytest_mlebench.metrics import prepare_for_auroc, require_finite, roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true, y_score = prepare_for_auroc(submission, answers, id_column="id", target_column="label")
    # MLE-bench lets NaN through its range check and scikit-learn raises; same outcome, clearer reason.
    require_finite(y_score, "Column 'label'")
    return roc_auc(y_true, y_score)
