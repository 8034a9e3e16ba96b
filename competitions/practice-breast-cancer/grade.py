"""ROC AUC of the malignancy probabilities; config.yaml's schema pairs rows by id and checks the range."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["target"].to_numpy(), submission["target"].to_numpy())
