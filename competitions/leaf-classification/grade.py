"""Multi-class log loss over the 99 species; config.yaml's schema does MLE-bench's column, row and range checks."""

import pandas as pd

from pytest_mlebench.metrics import log_loss, require_rows_sum_to_one


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    species = [c for c in answers.columns if c != "id"]
    require_rows_sum_to_one(submission[species])
    return log_loss(answers[species].to_numpy(), submission[species].to_numpy())
