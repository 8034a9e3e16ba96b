"""Binary log loss of is_iceberg; config.yaml's schema makes MLE-bench's checks (columns, ids, numbers in [0, 1])."""

import pandas as pd

from pytest_mlebench.metrics import log_loss


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return log_loss(answers["is_iceberg"].to_numpy(), submission["is_iceberg"].to_numpy())
