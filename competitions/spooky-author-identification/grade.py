"""Multi-class log loss over EAP, HPL, MWS, with MLE-bench's positional shape and range checks."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import (
    log_loss,
    one_hot_log_loss_inputs,
    require_in_unit_interval,
    require_rows_sum_to_one,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if submission.shape != (len(answers), 4):
        raise InvalidSubmissionError(
            f"Submission must have {len(answers)} rows and 4 columns (id, EAP, HPL, MWS); got {submission.shape}."
        )
    # MLE-bench checks every column but the first, assuming id comes first.
    probabilities = submission.iloc[:, 1:]
    require_rows_sum_to_one(probabilities)
    require_in_unit_interval(probabilities)
    y_true, y_pred = one_hot_log_loss_inputs(submission, answers, id_column="id")
    return log_loss(y_true, y_pred)
