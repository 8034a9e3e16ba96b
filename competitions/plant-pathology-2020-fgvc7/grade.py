"""Mean of the four per-class ROC AUCs (healthy, multiple_diseases, rust, scab), rows matched by image_id."""

import numpy as np
import pandas as pd

from pytest_mlebench.metrics import (
    require_exact_columns,
    require_finite,
    require_matching_sorted_ids,
    require_row_count,
    roc_auc,
)

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    require_exact_columns(submission, ["image_id", *CLASSES])
    sub, ans = require_matching_sorted_ids(submission, answers, "image_id")
    # MLE-bench leaves NaN and text to scikit-learn, which raises; same outcome, clearer reason.
    require_finite(sub[CLASSES], "Class scores")
    return float(np.mean([roc_auc(ans[cls], sub[cls]) for cls in CLASSES]))
