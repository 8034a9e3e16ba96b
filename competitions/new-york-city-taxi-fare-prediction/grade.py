"""RMSE of fare_amount; config.yaml's schema pairs the rows as MLE-bench does (both files sorted by key, fares
paired by position, keys never compared) and refuses what scikit-learn would."""

import pandas as pd

from pytest_mlebench.metrics import rmse


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return rmse(answers["fare_amount"].to_numpy(), submission["fare_amount"].to_numpy())
