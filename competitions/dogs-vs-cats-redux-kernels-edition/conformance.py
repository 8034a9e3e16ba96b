"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.zip of cat.<n>/dog.<n> jpgs, test.zip)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 0.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
PUBLIC_TEST = "test"  # no public test CSV: the test ids are the image names in test/
PUBLIC_TRAIN = None  # train images are renumbered cat.<k>/dog.<k>, apart from the test ids 1..n


def make_raw(raw: Path, rng: np.random.Generator, per_class: int = 25) -> None:
    """raw/train.zip (train/cat.<n>.jpg, train/dog.<n>.jpg), raw/test.zip (test/<n>.jpg), sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(raw / "train.zip", "w") as archive:
        for kind in ("cat", "dog"):
            for n in range(per_class):
                archive.writestr(f"train/{kind}.{n}.jpg", noise_image(rng, (4, 4, 3), "JPEG"))
    with zipfile.ZipFile(raw / "test.zip", "w") as archive:
        for n in range(1, 4):
            archive.writestr(f"test/{n}.jpg", noise_image(rng, (4, 4, 3), "JPEG"))
    pd.DataFrame({"id": [1, 2, 3], "label": 0.5}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"label": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = 999999
    return {
        "missing id column": sample.drop(columns=["id"]),
        "missing label column": sample.drop(columns=["label"]),
        "unknown id": unknown_id,
        "missing id": sample.iloc[1:],
        "duplicated id": pd.concat([sample, sample.iloc[:1]]),
        "label above 1": sample.assign(label=1.5),
        "label below 0": sample.assign(label=-0.5),
        "nan label": sample.assign(label=np.nan),
        "non-numeric label": sample.assign(label="dog"),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing id column": r"Submission is missing column\(s\) \['id'\]\.",
    "missing label column": r"Submission is missing column\(s\) \['label'\]\.",
    "unknown id": r"Submission's 'id' values are not the test set's ids \(some are missing or unknown\)\.",
    "missing id": r"Submission's 'id' values are not the test set's ids \(some are missing or unknown\)\.",
    "duplicated id": ROW_COUNT,
    "label above 1": r"Column 'label' must be probabilities in \[0, 1\] \(no NaN\)\.",
    "label below 0": r"Column 'label' must be probabilities in \[0, 1\] \(no NaN\)\.",
    "nan label": r"Column 'label' must be probabilities in \[0, 1\] \(no NaN\)\.",
    "non-numeric label": r"Column 'label' must hold numbers\.",
}
