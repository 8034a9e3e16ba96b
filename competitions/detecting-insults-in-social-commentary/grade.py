"""Binary ROC AUC of Insult; config.yaml's submission schema does MLE-bench's binary-AUC checks (rows matched by the
comment text) before this runs."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["Insult"].to_numpy(), submission["Insult"].to_numpy())
