"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.7z of jpgs, zipped label CSV)."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.archives import write_archive
from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
# Both sides' names are read from the image archives' entry names (the only public lists of test names).
PUBLIC_TEST = "test.7z"
PUBLIC_TRAIN = "train.7z"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 30) -> None:
    """raw/train.7z (train/<name>.jpg), raw/train_labels.csv.zip, and Kaggle's unused test.7z and
    sample_submission.csv.zip."""
    # Labels alternate along train_test_split's permutation, so the tiny test set holds both classes.
    order = np.random.RandomState(0).permutation(rows)
    label = np.empty(rows, dtype=int)
    label[order] = np.arange(rows) % 2
    names = np.arange(1, rows + 1)
    raw.mkdir(parents=True, exist_ok=True)
    write_archive(raw / "train.7z", {f"train/{n}.jpg": noise_image(rng, (4, 6, 3), "JPEG") for n in names})
    write_archive(raw / "test.7z", {f"test/{n}.jpg": noise_image(rng, (4, 6, 3), "JPEG") for n in range(1, 6)})
    _zip_csv(raw / "train_labels.csv.zip", pd.DataFrame({"name": names, "invasive": label}))
    _zip_csv(raw / "sample_submission.csv.zip", pd.DataFrame({"name": range(1, 6), "invasive": 0.5}))


def _zip_csv(path: Path, frame: pd.DataFrame) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(path.stem, buffer.getvalue())


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"invasive": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"invasive below 0": sample.assign(invasive=-0.1)}


INVALID_REASONS = {"invasive below 0": r"Column 'invasive' must be within \[0, 1\]\."}
