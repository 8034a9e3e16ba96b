"""Jigsaw Unintended Bias score on 0.5-thresholded predictions; the checks MLE-bench makes, in its order.

No submission schema: MLE-bench accepts the prediction under either of two names ('prediction' or 'toxicity'),
which the schema cannot declare, so the column and id checks live here.
"""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import jigsaw_bias_score, require_columns, require_matching_sorted_ids

IDENTITIES = [
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
]
NAMES = ("prediction", "toxicity")


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["id"])
    present = [name for name in NAMES if name in submission.columns]
    if not present:
        raise InvalidSubmissionError("Submission needs a 'prediction' column (or 'toxicity' in its place).")
    if len(present) == 2:
        # MLE-bench renames 'prediction' to 'toxicity' and then fails on the duplicated column.
        raise InvalidSubmissionError("Submission must have 'prediction' or 'toxicity', not both.")
    if len(submission) != len(answers):
        # No explicit check in MLE-bench: numpy refuses to compare id arrays of different lengths.
        raise InvalidSubmissionError(f"Submission has {len(submission)} rows; the test set has {len(answers)}.")
    submission, answers = require_matching_sorted_ids(submission, answers, "id")
    prediction = submission[present[0]]
    if not (pd.api.types.is_numeric_dtype(prediction) or pd.api.types.is_bool_dtype(prediction)):
        if any(isinstance(value, str) for value in prediction.dropna()):
            # MLE-bench compares each value with 0.5; text raises TypeError there. NaN passes (it becomes 0).
            raise InvalidSubmissionError(f"Column '{present[0]}' must hold numbers (NaN counts as 0).")
        prediction = prediction.astype(float)
    return jigsaw_bias_score(answers["toxicity"], prediction, answers[IDENTITIES])
