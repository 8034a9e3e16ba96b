"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.json.7z and test.json.7z, each
holding data/processed/<name>.json, and the unused sample_submission.csv.7z)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.archives import write_archive

BEST_SCORE = 0.0
PUBLIC_TEST = "test.json.7z"
PUBLIC_TRAIN = "train.json.7z"
PIXELS = 9  # Kaggle's bands are 75x75 = 5625 dB values each


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    ids = [f"{value:08x}" for value in rng.choice(16**8, size=rows + 3, replace=False)]
    # Labels alternate along train_test_split's permutation, so the tiny test set holds both classes.
    order = np.random.RandomState(0).permutation(rows)
    label = np.empty(rows, dtype=int)
    label[order] = np.arange(rows) % 2
    train = [dict(_record(ids[k], rng, angle_missing=k % 7 == 3), is_iceberg=int(label[k])) for k in range(rows)]
    test = [_record(name, rng, angle_missing=False) for name in ids[rows:]]
    raw.mkdir(parents=True, exist_ok=True)
    # Kaggle's JSON is compact; MLE-bench's re-written JSON uses Python's default separators.
    for name, records in (("train", train), ("test", test)):
        text = json.dumps(records, separators=(",", ":"))
        write_archive(raw / f"{name}.json.7z", {f"data/processed/{name}.json": text.encode()})
    sample = pd.DataFrame({"id": ids[rows:], "is_iceberg": 0.5}).to_csv(index=False)
    write_archive(raw / "sample_submission.csv.7z", {"sample_submission.csv": sample.encode()})


def _record(image_id: str, rng: np.random.Generator, angle_missing: bool) -> dict:
    bands = {f"band_{n}": [float(v) for v in np.round(rng.normal(-20, 5, PIXELS), 6)] for n in (1, 2)}
    angle = "na" if angle_missing else float(np.round(rng.uniform(30, 46), 4))
    return {"id": image_id, **bands, "inc_angle": angle}


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"is_iceberg": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {
        "is_iceberg below 0": sample.assign(is_iceberg=-0.25),
        "is_iceberg infinite": sample.assign(is_iceberg=np.inf),
        "an id twice and one missing": sample.assign(id=[*sample["id"].iloc[:-1], sample["id"].iloc[0]]),
        "an extra row repeating an id": pd.concat([sample, sample.iloc[:1]], ignore_index=True),
    }


INVALID_REASONS = {
    "is_iceberg below 0": r"Column 'is_iceberg' must be within \[0, 1\]\.",
    "is_iceberg infinite": r"Column 'is_iceberg' must hold finite numbers",
    "an id twice and one missing": r"Submission's 'id' values do not match the test set's ids",
    "an extra row repeating an id": r"Submission has \d+ rows; the test set has \d+\.",
}
