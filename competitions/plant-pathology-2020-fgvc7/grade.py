"""Mean of the four per-class ROC AUCs (healthy, multiple_diseases, rust, scab); config.yaml's schema matches rows."""

import numpy as np
import pandas as pd

from pytest_mlebench.metrics import roc_auc

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return float(np.mean([roc_auc(answers[cls], submission[cls]) for cls in CLASSES]))
