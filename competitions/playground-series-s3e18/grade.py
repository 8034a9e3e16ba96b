"""Macro-averaged ROC AUC over EC1 and EC2; config.yaml's submission schema pairs the rows by id and checks the
scores are finite numbers first."""

import pandas as pd

from pytest_mlebench.metrics import roc_auc

SCORED = ["EC1", "EC2"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return roc_auc(answers[SCORED].to_numpy(), submission[SCORED].to_numpy(), average="macro")
