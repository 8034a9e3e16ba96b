"""Binary ROC AUC of requester_received_pizza; config.yaml's submission schema does MLE-bench's binary-AUC checks before this runs."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers["requester_received_pizza"].to_numpy(), submission["requester_received_pizza"].to_numpy())
