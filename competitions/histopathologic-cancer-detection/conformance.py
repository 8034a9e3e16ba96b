"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_labels.csv, train/ and test/ tifs)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test"  # no public test CSV: the test ids are the image names in test/
PUBLIC_TRAIN = "train_labels.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40, raw_test: int = 10) -> None:
    """raw/train_labels.csv, raw/train/<id>.tif, raw/test/<id>.tif (only counted), sample_submission.csv."""
    ids = [f"{value:040x}" for value in rng.integers(0, 2**62, size=rows + raw_test)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    # Labels alternate along train_test_split's permutation, so the tiny test set holds both classes.
    order = np.random.RandomState(0).permutation(rows)
    label = np.empty(rows, dtype=int)
    label[order] = np.arange(rows) % 2
    for folder, names in (("train", train_ids), ("test", test_ids)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (raw / folder / f"{name}.tif").write_bytes(noise_image(rng, (4, 4, 3), "TIFF"))
    pd.DataFrame({"id": train_ids, "label": label}).to_csv(raw / "train_labels.csv", index=False)
    pd.DataFrame({"id": test_ids, "label": 0}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"label": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"label below 0": sample.assign(label=-0.5)}


INVALID_REASONS = {"label below 0": r"Column 'label' must be within \[0, 1\]\."}
