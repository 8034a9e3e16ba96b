"""ROC AUC of the tumour probability (label); config.yaml's submission schema does MLE-bench's binary-AUC checks before this runs."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["label"].to_numpy(), submission["label"].to_numpy())
