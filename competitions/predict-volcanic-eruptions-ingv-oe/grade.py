"""Mean absolute error of time_to_eruption, rounded to an integer, over MLE-bench's inner merge on segment_id."""

import math

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import mae, require_finite

ID, TARGET = "segment_id", "time_to_eruption"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission[ID]) != set(answers[ID]):
        raise InvalidSubmissionError(f"Submission's '{ID}' values must be the test set's segment ids, each present.")
    # Parity: an inner merge in the answers' order and no row count, so a repeated segment is scored twice.
    merged = answers.merge(submission[[ID, TARGET]], on=ID, suffixes=("_true", "_pred"))
    # MLE-bench leaves NaN, infinity and text to scikit-learn, which raises: invalid either way.
    require_finite(merged[f"{TARGET}_pred"], f"Column '{TARGET}'")
    error = mae(merged[f"{TARGET}_true"], merged[f"{TARGET}_pred"].astype(float))
    if not math.isfinite(error):  # MLE-bench's int(round(inf)) raises: invalid either way
        raise InvalidSubmissionError(f"Column '{TARGET}' holds predictions too large for a finite error.")
    return float(int(round(error)))
