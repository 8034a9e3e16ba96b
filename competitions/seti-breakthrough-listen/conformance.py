"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_labels.csv, train/<c>/<id>.npy,
old_leaky_data/, and the unused test/ and sample_submission.csv)."""

import io
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
# No public test CSV: the test ids are the file stems under test/<first character>/.
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train_labels.csv"
SHAPE = (6, 4, 3)  # Kaggle's cadences are (6, 273, 256) float16: six 273x256 spectrograms


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train_labels.csv, train/<id[0]>/<id>.npy, old_leaky_data/, plus Kaggle's unused test/ and sample."""
    ids = [f"{value:015x}" for value in rng.choice(16**15, size=rows + 3, replace=False)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    # Targets alternate along train_test_split's permutation, so the tiny test set holds both classes.
    order = np.random.RandomState(0).permutation(rows)
    target = np.empty(rows, dtype=int)
    target[order] = np.arange(rows) % 2
    for folder, names in (("train", train_ids), ("test", test_ids)):
        for name in names:
            _write_npy(raw / folder / name[0] / f"{name}.npy", rng)
    pd.DataFrame({"id": train_ids, "target": target}).to_csv(raw / "train_labels.csv", index=False)
    pd.DataFrame({"id": test_ids, "target": 0.5}).to_csv(raw / "sample_submission.csv", index=False)
    old = raw / "old_leaky_data"
    old_ids = [f"{value:015x}" for value in rng.choice(16**15, size=4, replace=False)]
    for name in old_ids:
        _write_npy(old / "train_old" / name[0] / f"{name}.npy", rng)
    pd.DataFrame({"id": old_ids, "target": [0, 1, 0, 1]}).to_csv(old / "train_labels_old.csv", index=False)


def _write_npy(path: Path, rng: np.random.Generator) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.save(buffer, rng.standard_normal(SHAPE).astype(np.float16))
    path.write_bytes(buffer.getvalue())


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"target": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"target below 0": sample.assign(target=-0.01)}


INVALID_REASONS = {"target below 0": r"Column 'target' must be within \[0, 1\]\."}
