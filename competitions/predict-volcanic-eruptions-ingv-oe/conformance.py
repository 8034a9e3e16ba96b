"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train/<segment_id>.csv, test/)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 0.0
ROW_ORDER_FREE = True  # rows are paired by merging on segment_id
# Segment ids are the names of the sensor files in public/train/ and public/test/.
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"
SENSORS = [f"sensor_{n}" for n in range(1, 11)]


def _segment(rng: np.random.Generator, rows: int = 6) -> pd.DataFrame:
    frame = pd.DataFrame(rng.integers(-600, 600, size=(rows, len(SENSORS))).astype(float), columns=SENSORS)
    frame[SENSORS[int(rng.integers(len(SENSORS)))]] = np.nan  # a silent sensor, as in Kaggle's files
    return frame


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 30) -> None:
    """raw/train.csv and raw/train/<segment_id>.csv, plus Kaggle's unused test/ and sample_submission.csv."""
    ids = 1_000_000 + rng.choice(2_146_000_000, size=rows + 3, replace=False)  # no 17 GB arange of candidates
    train_ids, test_ids = ids[:rows], ids[rows:]
    raw.mkdir(parents=True, exist_ok=True)
    times = rng.integers(6_000, 49_000_000, size=rows)
    pd.DataFrame({"segment_id": train_ids, "time_to_eruption": times}).to_csv(raw / "train.csv", index=False)
    for side, segments in (("train", train_ids), ("test", test_ids)):
        (raw / side).mkdir(exist_ok=True)
        for segment in segments:
            _segment(rng).to_csv(raw / side / f"{segment}.csv", index=False)
    pd.DataFrame({"segment_id": test_ids, "time_to_eruption": 0}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["segment_id", "time_to_eruption"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the missing columns the submission schema implies."""
    unknown = sample.copy()
    unknown.loc[0, "segment_id"] = int(answers["segment_id"].max()) + 1
    nan = sample.astype({"time_to_eruption": float})
    nan.loc[1, "time_to_eruption"] = np.nan
    infinite = sample.astype({"time_to_eruption": float})
    infinite.loc[0, "time_to_eruption"] = np.inf
    text = sample.astype({"time_to_eruption": object})
    text.loc[0, "time_to_eruption"] = "soon"
    return {
        "unknown segment_id": unknown,
        "missing segment": sample.iloc[1:],
        "nan prediction": nan,
        "infinite prediction": infinite,
        "text prediction": text,
        "predictions too large for a finite error": sample.assign(time_to_eruption=1.5e308),
    }


_IDS = r"Submission's 'segment_id' values must be the test set's segment ids, each present\."
_NUMBERS = r"Column 'time_to_eruption' must be (finite numbers \(no NaN or infinity\)|numbers)\."
INVALID_REASONS = {
    "unknown segment_id": _IDS,
    "missing segment": _IDS,
    "nan prediction": _NUMBERS,
    "infinite prediction": _NUMBERS,
    "text prediction": _NUMBERS,
}
INVALID_REASONS["predictions too large for a finite error"] = (
    r"Column 'time_to_eruption' holds predictions too large for a finite error\.")
