"""Binary ROC AUC of target; config.yaml's schema does MLE-bench's shared AUC checks before this runs."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["target"].to_numpy(), submission["target"].to_numpy())
