"""Root mean squared error over every pixel of every test image, rows matched by id."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import (
    require_columns,
    require_finite,
    require_matching_sorted_ids,
    require_row_count,
    rmse,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id"])
    require_columns(submission, ["value"])
    try:
        submission["value"].astype(float)
    except (ValueError, TypeError) as exc:
        raise InvalidSubmissionError("Column 'value' must hold numbers.") from exc
    require_row_count(submission, answers)
    sub, ans = require_matching_sorted_ids(submission, answers, "id")
    # MLE-bench leaves NaN to scikit-learn, which raises; same outcome, clearer reason.
    require_finite(sub["value"], "Column 'value'")
    return rmse(ans["value"], sub["value"])
