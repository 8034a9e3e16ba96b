"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
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
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = -5
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "id"] = duplicated_id.loc[0, "id"]
    string_ids = sample.assign(id=sample["id"].map(lambda v: f"row{v}"))
    return {
        "missing id": sample.drop(columns=["id"]),
        "missing target": sample.drop(columns=["target"]),
        "too few rows": sample.iloc[1:],
        "non-numeric target": sample.assign(target="maybe"),
        "target above 1": sample.assign(target=2.0),
        "target below 0": sample.assign(target=-0.01),
        "unknown id": unknown_id,
        "duplicated id": duplicated_id,
        "ids of another type": string_ids,
        "nan target": sample.assign(target=np.nan),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing id": r"Submission is missing column\(s\) \['id'\]\.",
    "missing target": r"Submission is missing column\(s\) \['target'\]\.",
    "too few rows": ROW_COUNT,
    "non-numeric target": r"Column 'target' must be numeric\.",
    "target above 1": r"Column 'target' must be within \[0, 1\]\.",
    "target below 0": r"Column 'target' must be within \[0, 1\]\.",
    "unknown id": id_mismatch(),
    "duplicated id": id_mismatch(),
    "ids of another type": id_mismatch(),
    "nan target": r"Column 'target' must not contain NaN\.",
}
