"""Per-study weighted log loss over patient_overall and C1-C7; config.yaml's schema pairs the rows by row_id."""

import pandas as pd

from pytest_mlebench.metrics import weighted_multilabel_log_loss

COLUMNS = ["patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]


def unmelt(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per study (sorted), one column per prediction type: row_id is split at its first underscore."""
    parts = frame["row_id"].str.split("_", n=1, expand=True)
    long = pd.DataFrame({"study": parts[0], "variable": parts[1], "fractured": frame["fractured"].to_numpy()})
    wide = long.pivot(index="study", columns="variable", values="fractured").reset_index()
    return wide.sort_values(by="study")[COLUMNS]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return weighted_multilabel_log_loss(unmelt(answers).to_numpy(), unmelt(submission).to_numpy())
