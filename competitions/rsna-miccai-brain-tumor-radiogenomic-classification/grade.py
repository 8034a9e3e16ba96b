"""ROC AUC of MGMT_value; config.yaml's submission schema makes MLE-bench's binary-AUC checks before this runs."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["MGMT_value"].to_numpy(), submission["MGMT_value"].to_numpy())
