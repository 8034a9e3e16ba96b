"""ROC AUC of the malignancy probabilities, rows paired by id."""

import pandas as pd

from pytest_mlebench.metrics import (
    prepare_for_auroc,
    require_exact_columns,
    require_in_unit_interval,
    roc_auc,
)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, ["id", "target"])
    y_true, y_score = prepare_for_auroc(submission, answers, id_column="id", target_column="target")
    # prepare_for_auroc's range check uses min/max, which skip NaN; a NaN probability is refused here.
    require_in_unit_interval(y_score, "Column 'target'")
    return roc_auc(y_true, y_score)
