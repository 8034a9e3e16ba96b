"""ROC AUC of has_cactus; config.yaml's submission schema does MLE-bench's binary-AUC checks before this runs."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["has_cactus"].to_numpy(), submission["has_cactus"].to_numpy())
