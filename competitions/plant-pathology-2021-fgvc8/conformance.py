"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images/, test_images/)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

LABELS = ["healthy", "scab", "frog_eye_leaf_spot", "complex", "rust", "powdery_mildew",
          "scab frog_eye_leaf_spot", "frog_eye_leaf_spot complex", "rust frog_eye_leaf_spot"]
BEST_SCORE = 1.0
# No public test CSV: the image folders name both sides (file stems, as the ids are without their .jpg there).
PUBLIC_TEST = "test_images"
PUBLIC_TRAIN = "train_images"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv, raw/train_images/<image>, Kaggle's 3 unused test_images/ and its sample_submission.csv."""
    names = [f"{value:016x}.jpg" for value in rng.choice(2**62, size=rows + 3, replace=False)]
    train_names, test_names = names[:rows], names[rows:]
    labels = [LABELS[k % len(LABELS)] for k in rng.permutation(rows)]
    for folder, images in (("train_images", train_names), ("test_images", test_names)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in images:
            (raw / folder / name).write_bytes(noise_image(rng, (5, 7, 3), "JPEG"))
    pd.DataFrame({"image": train_names, "labels": labels}).to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"image": test_names, "labels": "healthy"}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["image", "labels"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    numbers_and_empty = sample.assign(labels=[1.5 if k % 2 else np.nan for k in range(len(sample))])
    return {
        "numeric labels": sample.assign(labels=3),
        "boolean labels": sample.assign(labels=True),
        "numbers and empty labels": numbers_and_empty,
        "header with a space": sample.rename(columns={"labels": " labels"}),
    }


_NOT_TEXT = r"Column 'labels' must hold text: class names separated by spaces\."
INVALID_REASONS = {
    "numeric labels": _NOT_TEXT,
    "boolean labels": _NOT_TEXT,
    "numbers and empty labels": _NOT_TEXT,
    "header with a space": r"Submission is missing column\(s\) \['labels'\]\.",
}
