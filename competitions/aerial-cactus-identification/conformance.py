"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train.zip of jpgs)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
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
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = "not_a_test_image.jpg"
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "id"] = duplicated_id.loc[0, "id"]
    return {
        "missing id column": sample.drop(columns=["id"]),
        "missing has_cactus column": sample.drop(columns=["has_cactus"]),
        "too few rows": sample.iloc[1:],
        "non-numeric has_cactus": sample.assign(has_cactus="high"),
        "has_cactus above 1": sample.assign(has_cactus=1.5),
        "has_cactus below 0": sample.assign(has_cactus=-0.1),
        "unknown id": unknown_id,
        "duplicated id": duplicated_id,
        "nan has_cactus": sample.assign(has_cactus=np.nan),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing id column": r"Submission is missing column\(s\) \['id'\]\.",
    "missing has_cactus column": r"Submission is missing column\(s\) \['has_cactus'\]\.",
    "too few rows": ROW_COUNT,
    "non-numeric has_cactus": r"Column 'has_cactus' must be numeric\.",
    "has_cactus above 1": r"Column 'has_cactus' must be within \[0, 1\]\.",
    "has_cactus below 0": r"Column 'has_cactus' must be within \[0, 1\]\.",
    "unknown id": id_mismatch(),
    "duplicated id": id_mismatch(),
    "nan has_cactus": r"Column 'has_cactus' must be finite numbers \(no NaN or infinity\)\.",
}
