"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images.zip of jpgs)."""

import uuid
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
ID_COLUMN = "id"  # the public tables name the image id 'id'; the answers and submissions name it 'Id'
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
CATEGORIES = [0, 1, 3, 8, 10, 11, 13]


def _rows(rng: np.random.Generator, rows: int, locations: int) -> pd.DataFrame:
    ids = [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(rows)]
    seconds = rng.integers(1_300_000_000, 1_500_000_000, size=rows)
    return pd.DataFrame({
        "category_id": rng.choice(CATEGORIES, size=rows),
        "date_captured": pd.to_datetime(seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
        "file_name": [f"{i}.jpg" for i in ids],
        "frame_num": rng.integers(1, 4, size=rows),
        "id": ids,
        "location": rng.integers(0, locations, size=rows),
        "rights_holder": "Justin Brown",
        "seq_id": [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(rows)],
        "seq_num_frames": 3,
        "width": 1024,
        "height": 747,
    })


def _zip(path: Path, ids: list[str], rng: np.random.Generator) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for image_id in ids:
            archive.writestr(f"{image_id}.jpg", noise_image(rng, (4, 6, 3), "JPEG"))


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 60) -> None:
    """raw/train.csv and raw/train_images.zip, plus Kaggle's unused test.csv, test_images.zip, sample."""
    raw.mkdir(parents=True, exist_ok=True)
    train = _rows(rng, rows, locations=20)
    train.to_csv(raw / "train.csv", index=False)
    _zip(raw / "train_images.zip", train["id"].tolist(), rng)
    test = _rows(rng, 4, locations=20).drop(columns=["category_id"])
    test.to_csv(raw / "test.csv", index=False)
    _zip(raw / "test_images.zip", test["id"].tolist(), rng)
    pd.DataFrame({"Id": test["id"], "Predicted": 0}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Category"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Categories Python's int() cannot convert; the schema's generic cases cover columns and ids."""
    missing = sample.astype({"Category": float})
    missing.loc[0, "Category"] = np.nan
    text = sample.astype({"Category": object})
    text.loc[0, "Category"] = "deer"
    return {"missing category": missing, "text category": text,
            "category id beyond int64": sample.assign(Category=1e25)}


_CATEGORY = r"Column 'Category' must hold integer category ids \(no missing values\)\."
INVALID_REASONS = {"missing category": _CATEGORY, "text category": _CATEGORY}
INVALID_REASONS["category id beyond int64"] = r"Column 'Category' must hold category ids within the int64 range\."
