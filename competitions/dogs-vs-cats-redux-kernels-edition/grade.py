"""Binary log loss of the probability that each test image shows a dog, rows matched by id."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import log_loss, require_columns, require_in_unit_interval, require_row_count


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id"])
    require_columns(submission, ["label"])
    if set(submission["id"]) != set(answers["id"]):
        raise InvalidSubmissionError("Submission's 'id' values are not the test set's ids (some are missing or unknown).")
    require_row_count(submission, answers)
    try:
        np.asarray(submission["label"], dtype=float)
    except (ValueError, TypeError) as exc:
        # MLE-bench's 0 <= label comparison raises on text; same outcome, clearer reason.
        raise InvalidSubmissionError("Column 'label' must hold numbers.") from exc
    require_in_unit_interval(submission["label"], "Column 'label'")
    # Same id set and length: sorting by id pairs the rows, as MLE-bench pairs them by position.
    y_pred = submission.sort_values(by="id")["label"].to_numpy()
    y_true = answers.sort_values(by="id")["label"].to_numpy()
    return log_loss(y_true, y_pred)
