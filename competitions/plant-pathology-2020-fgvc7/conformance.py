"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, images/), perfect and broken submissions."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]
BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv, raw/images/{Train,Test}_<n>.jpg, and Kaggle's unused test.csv and sample_submission.csv."""
    # Classes cycle along train_test_split's permutation, so every class is both present and absent in
    # the tiny test set and each per-class AUC is defined.
    order = np.random.RandomState(0).permutation(rows)
    label = np.empty(rows, dtype=int)
    label[order] = np.arange(rows) % len(CLASSES)
    train = pd.DataFrame({"image_id": [f"Train_{n}" for n in range(rows)]})
    for k, cls in enumerate(CLASSES):
        train[cls] = (label == k).astype(int)
    test_ids = [f"Test_{n}" for n in range(5)]
    (raw / "images").mkdir(parents=True, exist_ok=True)
    for name in [*train["image_id"], *test_ids]:
        (raw / "images" / f"{name}.jpg").write_bytes(noise_image(rng, (8, 12, 3), "JPEG"))
    train.to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"image_id": test_ids}).to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"image_id": test_ids, **{c: 0.25 for c in CLASSES}}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({c: float for c in CLASSES})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones of the submission schema."""
    return {"missing class column": sample.drop(columns=["scab"])}


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {"missing class column": r"Submission is missing column\(s\) \['scab'\]\."}
