"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_curated.csv, train_noisy.csv,
sample_submission.csv, train_curated.zip, train_noisy.zip, test.zip of WAV clips) plus Zenodo's labels zip
placed in raw/ as a user without network access would place it."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.audio import write_audio

BEST_SCORE = 1.0
PUBLIC_TEST = "test.zip"  # no public test CSV: the clips' names are the test ids
PUBLIC_TRAIN = "train_curated.zip"
CLASSES = (Path(__file__).parent / "classes.txt").read_text().split()


def _clip(rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    write_audio(buffer, rng.uniform(-0.5, 0.5, size=64), 44100, format="WAV")
    return buffer.getvalue()


def _labels(rng: np.random.Generator, count: int) -> list[str]:
    return [",".join(rng.choice(CLASSES, size=int(rng.integers(1, 4)), replace=False)) for _ in range(count)]


def _names(rng: np.random.Generator, count: int) -> list[str]:
    return [f"{int(v):08x}.wav" for v in rng.choice(16**8, size=count, replace=False)]


def labels_zip(rng: np.random.Generator, test_names: list[str], extra_public: int = 3) -> bytes:
    """Zenodo's FSDKaggle2019.meta.zip: test_post_competition.csv with Public and Private clips."""
    public_names = _names(rng, extra_public)
    rows = pd.DataFrame({
        "fname": public_names + test_names,
        "labels": _labels(rng, extra_public + len(test_names)),
        "usage": ["Public"] * extra_public + ["Private"] * len(test_names),
        "freesound_id": rng.integers(10_000, 400_000, size=extra_public + len(test_names)),
        "license": "CC-BY",
    }).sample(frac=1, random_state=1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("FSDKaggle2019.meta/test_post_competition.csv", rows.to_csv(index=False))
        archive.writestr("FSDKaggle2019.meta/train_curated_post_competition.csv", "fname,labels\n")
    return buffer.getvalue()


def make_raw(raw: Path, rng: np.random.Generator, with_labels: bool = True) -> list[str]:
    """Kaggle's files in raw/ (and Zenodo's labels zip unless `with_labels` is false); returns the test clips."""
    raw.mkdir(parents=True, exist_ok=True)
    curated, noisy, test = _names(rng, 8), _names(rng, 6), sorted(_names(rng, 6))
    for name, clips in (("train_curated", curated), ("train_noisy", noisy), ("test", test)):
        with zipfile.ZipFile(raw / f"{name}.zip", "w") as archive:
            for clip in clips:
                archive.writestr(clip, _clip(rng))
    pd.DataFrame({"fname": curated, "labels": _labels(rng, 8)}).to_csv(raw / "train_curated.csv", index=False)
    pd.DataFrame({"fname": noisy, "labels": _labels(rng, 6)}).to_csv(raw / "train_noisy.csv", index=False)
    pd.DataFrame({"fname": test, **{c: 0 for c in CLASSES}}).to_csv(raw / "sample_submission.csv", index=False)
    if with_labels:
        (raw / "FSDKaggle2019.meta.zip").write_bytes(labels_zip(rng, test))
    return test


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({c: float for c in CLASSES})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The class columns must follow fname in the vocabulary's order."""
    swapped = [sample.columns[0], sample.columns[2], sample.columns[1], *sample.columns[3:]]
    return {
        "class columns out of order": sample[swapped],
        "fname not first": sample[[*sample.columns[1:], "fname"]],
    }


ORDER = r"Submission columns must be 'fname' followed by the 80 class columns in the sample submission's order\."
INVALID_REASONS = {"class columns out of order": ORDER, "fname not first": ORDER}
