"""Root mean squared error of the progression predictions; config.yaml's schema pairs rows by id."""

import pandas as pd

from pytest_mlebench.metrics import rmse


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return rmse(answers["target"].to_numpy(), submission["target"].to_numpy())
