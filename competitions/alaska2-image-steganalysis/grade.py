"""ALASKA2's weighted AUC of Label; config.yaml's submission schema does MLE-bench's checks before this runs."""

import pandas as pd

from pytest_mlebench.metrics import weighted_auroc


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return weighted_auroc(answers["Label"].to_numpy(dtype=float), submission["Label"].to_numpy(dtype=float))
