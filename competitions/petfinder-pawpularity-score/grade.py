"""RMSE of Pawpularity; config.yaml's schema makes MLE-bench's checks (columns, ids, numbers in [1, 100])."""

import pandas as pd

from pytest_mlebench.metrics import rmse


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return rmse(answers["Pawpularity"].to_numpy(), submission["Pawpularity"].to_numpy())
