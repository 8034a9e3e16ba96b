"""Denoising Dirty Documents: 20% of Kaggle's train images (sorted by file name, random_state 0) become the test
set; the answers are every pixel of their cleaned versions, one row per pixel."""

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.model_selection import train_test_split


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "train.zip") as archive:
        archive.extractall(public)
    # Sorted as path strings, so '10.png' comes before '2.png', as in MLE-bench.
    images = sorted(str(p) for p in (public / "train").glob("*.png"))
    _, test_images = train_test_split(images, test_size=0.2, random_state=0)
    test_names = {Path(p).name for p in test_images}

    (public / "test").mkdir()
    for name in test_names:
        shutil.move(public / "train" / name, public / "test" / name)

    with zipfile.ZipFile(raw / "train_cleaned.zip") as archive:
        archive.extractall(public)
    (private / "train_cleaned").mkdir()
    for name in test_names:
        shutil.move(public / "train_cleaned" / name, private / "train_cleaned" / name)

    cleaned = sorted(str(p) for p in (private / "train_cleaned").glob("*.png"))
    answers = pd.concat([pixel_rows(Path(p)) for p in cleaned], ignore_index=True)
    answers.to_csv(private / "answers.csv", index=False)
    shutil.rmtree(private / "train_cleaned")
    answers.assign(value=1).to_csv(public / "sampleSubmission.csv", index=False)


def pixel_rows(path: Path) -> pd.DataFrame:
    """One row per pixel, row by row: id '<stem>_<row>_<column>' (1-based) and intensity / 255."""
    pixels = np.array(Image.open(path).convert("L")) / 255.0
    height, width = pixels.shape
    rows = np.repeat(np.arange(1, height + 1), width).astype(str)
    columns = np.tile(np.arange(1, width + 1), height).astype(str)
    ids = np.char.add(np.char.add(np.char.add(f"{path.stem}_", rows), "_"), columns)
    return pd.DataFrame({"id": ids.astype(object), "value": pixels.ravel()})
