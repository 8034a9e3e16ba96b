"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.zip of cat.<n>/dog.<n> jpgs, test.zip)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 0.0
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
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {
        "one id twice (an extra row)": pd.concat([sample, sample.iloc[:1]]),
        "label below 0": sample.assign(label=-0.5),
    }


INVALID_REASONS = {
    "one id twice (an extra row)": ROW_COUNT,
    "label below 0": r"Column 'label' must be within \[0, 1\]\.",
}
