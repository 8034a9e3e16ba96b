"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.zip and train_cleaned.zip of PNGs)."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 0.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
# The public tables of ids are the image folders (ids there are image names, not pixel ids).
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"


def make_raw(raw: Path, rng: np.random.Generator, images: int = 12) -> None:
    """raw/train.zip (train/<n>.png), raw/train_cleaned.zip (train_cleaned/<n>.png), unused test.zip, sample."""
    names = [f"{n}.png" for n in sorted(rng.choice(np.arange(1, 220), size=images, replace=False))]
    shapes = {name: (3 + k % 2, 4) for k, name in enumerate(names)}  # two heights, as Kaggle's 258 and 420
    clean = {name: rng.choice(np.array([0, 37, 255], dtype=np.uint8), size=shape, p=[0.2, 0.1, 0.7]) for name, shape in shapes.items()}
    noisy = {name: rng.integers(0, 256, size=shapes[name], dtype=np.uint8) for name in names}
    raw.mkdir(parents=True, exist_ok=True)
    _zip_pngs(raw / "train.zip", "train", noisy)
    _zip_pngs(raw / "train_cleaned.zip", "train_cleaned", clean)
    _zip_pngs(raw / "test.zip", "test", {"1.png": rng.integers(0, 256, size=(3, 4), dtype=np.uint8)})
    ids = [f"1_{r}_{c}" for r in range(1, 4) for c in range(1, 5)]
    pd.DataFrame({"id": ids, "value": 1}).to_csv(raw / "sampleSubmission.csv", index=False)


def _zip_pngs(path: Path, folder: str, images: dict[str, np.ndarray]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, pixels in images.items():
            buffer = io.BytesIO()
            Image.fromarray(pixels).save(buffer, format="PNG")
            archive.writestr(f"{folder}/{name}", buffer.getvalue())


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = "9999_1_1"
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "id"] = duplicated_id.loc[0, "id"]
    return {
        "missing id column": sample.drop(columns=["id"]),
        "missing value column": sample.drop(columns=["value"]),
        "non-numeric value": sample.assign(value="white"),
        "too few rows": sample.iloc[1:],
        "unknown id": unknown_id,
        "duplicated id": duplicated_id,
        "nan value": sample.assign(value=np.nan),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing id column": r"Submission is missing column\(s\) \['id'\]\.",
    "missing value column": r"Submission is missing column\(s\) \['value'\]\.",
    "non-numeric value": r"Column 'value' must hold numbers\.",
    "too few rows": ROW_COUNT,
    "unknown id": id_mismatch(),
    "duplicated id": id_mismatch(),
    "nan value": r"Column 'value' must be finite numbers \(no NaN or infinity\)\.",
}
