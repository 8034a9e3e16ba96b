"""Multi-class log loss over the 120 breeds, with MLE-bench's shape, row-sum and range checks."""

import pandas as pd

from pytest_mlebench.metrics import (
    log_loss,
    one_hot_log_loss_inputs,
    require_columns,
    require_in_unit_interval,
    require_row_count,
    require_rows_sum_to_one,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # The answers hold exactly the id and MLE-bench's 120 breed columns.
    breeds = [c for c in answers.columns if c != "id"]
    require_columns(submission, breeds)  # the id column is checked by one_hot_log_loss_inputs
    require_row_count(submission, answers)
    require_rows_sum_to_one(submission[breeds])
    require_in_unit_interval(submission[breeds], "Breed probabilities")
    y_true, y_pred = one_hot_log_loss_inputs(submission, answers, id_column="id")
    return log_loss(y_true, y_pred)
