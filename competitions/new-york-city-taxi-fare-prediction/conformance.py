"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.submission_checks import REASON_NOT_FINITE, REASON_NOT_NUMBERS
from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 0.0
ROW_ORDER_FREE = True
ID_COLUMN = "key"
ANSWER_COLUMNS = ["fare_amount"]  # the answers file also carries the public ride features
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "labels.csv"
PREPARE_CONSTANTS = {"TEST_ROWS": 10}  # MLE-bench's 9,914 test rows, scaled to the tiny raw file
FEATURES = ["pickup_longitude", "pickup_latitude", "dropoff_longitude", "dropoff_latitude"]


def _rides(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    seconds = rng.choice(200_000_000, size=rows, replace=False) + 1_230_768_000
    stamps = pd.to_datetime(seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S")
    frame = pd.DataFrame({"key": [f"{s}.{n % 3 + 1:07d}" for n, s in enumerate(stamps)]})
    frame["fare_amount"] = np.round(rng.gamma(2.0, 5.5, size=rows) + 2.5, 2)
    frame["pickup_datetime"] = [f"{s} UTC" for s in stamps]
    base = np.array([-73.98, 40.75, -73.97, 40.76])
    coords = np.round(base + rng.normal(0, 0.03, size=(rows, 4)), 6)
    coords[::9, 2:] = np.nan  # a few rides lack a drop-off, as in Kaggle's file
    frame[FEATURES] = coords
    frame["passenger_count"] = rng.integers(1, 7, size=rows)
    return frame


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv, raw/GCP-Coupons-Instructions.rtf, and the unused test.csv and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    _rides(rng, rows).to_csv(raw / "train.csv", index=False)
    test = _rides(rng, 10).drop(columns=["fare_amount"])
    test.to_csv(raw / "test.csv", index=False)
    test[["key"]].assign(fare_amount=11.35).to_csv(raw / "sample_submission.csv", index=False)
    (raw / "GCP-Coupons-Instructions.rtf").write_text("{\\rtf1\\ansi Redeem your coupon.\\par}\n")


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["key", "fare_amount"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec (undetected ones are tested apart)."""
    nan_fare = sample.copy()
    nan_fare.loc[0, "fare_amount"] = np.nan
    return {
        "missing fare_amount": sample.drop(columns=["fare_amount"]),
        "missing key": sample.drop(columns=["key"]),
        "too few rows": sample.iloc[1:],
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "nan fare": nan_fare,
        "non-numeric fare": sample.assign(fare_amount="cheap"),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing fare_amount": r"Submission is missing column\(s\) \['fare_amount'\]\.",
    "missing key": r"Submission is missing column\(s\) \['key'\]\.",
    "too few rows": ROW_COUNT,
    "too many rows": ROW_COUNT,
    "nan fare": REASON_NOT_FINITE,
    "non-numeric fare": REASON_NOT_NUMBERS,
}
