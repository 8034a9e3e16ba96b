"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train.zip of jpgs)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
# No public test CSV: both sides' ids are read from the archives' entry names.
PUBLIC_TEST = "test.zip"
PUBLIC_TRAIN = "train.zip"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv, raw/train.zip (train/<id>.jpg), and Kaggle's unused test.zip and sample_submission.csv."""
    # Labels alternate along train_test_split's permutation, so the tiny test set holds both classes.
    order = np.random.RandomState(0).permutation(rows)
    label = np.empty(rows, dtype=int)
    label[order] = np.arange(rows) % 2
    ids = [f"{value:032x}.jpg" for value in rng.integers(0, 2**62, size=rows)]
    test_ids = [f"{value:032x}.jpg" for value in rng.integers(0, 2**62, size=4)]
    raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"id": ids, "has_cactus": label}).to_csv(raw / "train.csv", index=False)
    _zip_images(raw / "train.zip", "train", ids, rng)
    _zip_images(raw / "test.zip", "test", test_ids, rng)
    pd.DataFrame({"id": test_ids, "has_cactus": 0.5}).to_csv(raw / "sample_submission.csv", index=False)


def _zip_images(path: Path, folder: str, names: list[str], rng: np.random.Generator) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(f"{folder}/{name}", noise_image(rng, (4, 4, 3), "JPEG"))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"has_cactus": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"has_cactus below 0": sample.assign(has_cactus=-0.1)}


INVALID_REASONS = {"has_cactus below 0": r"Column 'has_cactus' must be within \[0, 1\]\."}
