"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
ANSWER_COLUMNS = ["target"]  # the answers file also carries the public features
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
PREPARE_CONSTANTS = {"TEST_ROWS": 10}  # MLE-bench's 100,000 test rows, scaled to the tiny raw file

INTEGER_FEATURES = {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 29, 30}


def rows(rng: np.random.Generator, ids: np.ndarray, with_target: bool) -> pd.DataFrame:
    frame = pd.DataFrame({"id": ids})
    for n in range(31):
        name = f"f_{n:02d}"
        if n == 27:
            letters = rng.choice(list("ABCDEFGHIJKLMNOPQRST"), size=(len(ids), 10))
            frame[name] = ["".join(row) for row in letters]
        elif n in INTEGER_FEATURES:
            frame[name] = rng.integers(0, 15, size=len(ids))
        else:
            frame[name] = rng.normal(0, 1.5, size=len(ids))
    if with_target:
        frame["target"] = rng.integers(0, 2, size=len(ids))
    return frame


def make_raw(raw: Path, rng: np.random.Generator, train_rows: int = 40) -> None:
    """raw/train.csv (id, f_00..f_30, target) plus the unused test.csv and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    rows(rng, np.arange(train_rows), True).to_csv(raw / "train.csv", index=False)
    test = rows(rng, np.arange(train_rows, train_rows + 5), False)
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(target=0.5).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "target"]].astype({"target": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {
        "target below 0": sample.assign(target=-0.01),
        "ids of another type": sample.assign(id=sample["id"].map(lambda v: f"row{v}")),
    }


INVALID_REASONS = {
    "target below 0": r"Column 'target' must be within \[0, 1\]\.",
    "ids of another type": r"Submission's 'id' values do not match the test set's ids",
}
