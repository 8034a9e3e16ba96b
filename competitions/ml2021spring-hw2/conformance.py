"""Answers to the conformance suite: tiny raw data in Kaggle's layout (timit_11/timit_11/*.npy)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "timit_11/timit_11/test_11.npy"
# Train and test frames are numbered by their place in each array, independently.
PUBLIC_TRAIN = None
FEATURES = 429  # 11 frames of 39 MFCC-derived values
CLASSES = 39


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40, test_rows: int = 15) -> None:
    """train_11.npy (float32 frames), train_label_11.npy (the classes as text, as the course file has them),
    and test_11.npy, all under raw/timit_11/timit_11/."""
    folder = raw / "timit_11" / "timit_11"
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "train_11.npy", rng.standard_normal((rows, FEATURES)).astype(np.float32))
    np.save(folder / "train_label_11.npy", rng.integers(0, CLASSES, size=rows).astype(str))
    np.save(folder / "test_11.npy", rng.standard_normal((test_rows, FEATURES)).astype(np.float32))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    text = sample.astype({"ClassId": object})
    text.loc[0, "ClassId"] = "aa"
    return {"text class": text, "fractional class": sample.assign(ClassId=0.5)}


INVALID_REASONS = {
    "text class": r"Column 'ClassId' must hold whole-number classes",
    "fractional class": r"Column 'ClassId' must hold whole-number classes",
}
