"""Root mean squared error of the progression predictions, rows paired by id."""

import pandas as pd

from pytest_mlebench.metrics import (
    require_exact_columns,
    require_finite,
    require_matching_sorted_ids,
    require_row_count,
    rmse,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, ["id", "target"])
    require_row_count(submission, answers)
    require_finite(submission["target"], "Column 'target'")
    sub, ans = require_matching_sorted_ids(submission, answers, "id")
    return rmse(ans["target"].to_numpy(), sub["target"].to_numpy(dtype=float))
