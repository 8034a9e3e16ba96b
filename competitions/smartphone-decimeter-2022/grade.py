"""Mean over trips of the mean of the 50th and 95th percentile haversine errors, rows paired by position per trip.

MLE-bench never sorts and never compares UnixTimeMillis: within each answer trip, the submission's rows of that trip
are paired with the answer rows in file order.
"""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import average_haversine_quantiles

COORDINATES = ["LatitudeDegrees", "LongitudeDegrees"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmissionError(f"Submission has {len(submission)} rows; the test set has {len(answers)}.")
    # numpy's deg2rad fails on a text column in MLE-bench; NaN and infinity pass and make the score NaN.
    for column in COORDINATES:
        if not pd.api.types.is_numeric_dtype(submission[column]):
            raise InvalidSubmissionError(f"Column '{column}' must hold numbers.")
    true_parts, pred_parts = [], []
    for trip in answers["tripId"].unique():
        truth = answers[answers["tripId"] == trip]
        predicted = submission[submission["tripId"] == trip]
        if len(predicted) != len(truth):
            raise InvalidSubmissionError(
                f"Submission has {len(predicted)} rows for a test trip of {len(truth)} rows; every trip needs one row "
                "per test timestamp."
            )
        true_parts.append(truth)
        pred_parts.append(predicted)
    truth, predicted = pd.concat(true_parts), pd.concat(pred_parts)
    return average_haversine_quantiles(
        truth["tripId"].to_numpy(),
        truth["LatitudeDegrees"].to_numpy(dtype=float), truth["LongitudeDegrees"].to_numpy(dtype=float),
        predicted["LatitudeDegrees"].to_numpy(dtype=float), predicted["LongitudeDegrees"].to_numpy(dtype=float),
    )
