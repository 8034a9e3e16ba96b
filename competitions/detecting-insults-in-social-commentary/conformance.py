"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

import csv
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
ANSWER_COLUMNS = ["Insult"]  # Date is public in test.csv; Usage only says which board a row fed
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"

WORDS = ["you", "are", "a", "fool", "nice", "point", "idiot", "thanks", "link", "really", "moron", "agree"]


def _comments(rng: np.random.Generator, count: int, tag: str) -> list[str]:
    # Kaggle's comments carry their own surrounding quotes and literal escape sequences.
    texts = []
    for n in range(count):
        body = " ".join(rng.choice(WORDS, size=5))
        extra = ["", "\\xa0", "\\n", ' "quoted" ', "\\\\u00e9"][n % 5]
        texts.append(f'"{tag}{n} {body}{extra}"')
    return texts


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _date(rng: np.random.Generator) -> str:
    if rng.random() < 0.3:
        return ""
    return f"2012{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}{rng.integers(0, 24):02d}2155Z"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv and raw/test_with_solutions.csv, plus the unused test.csv and sample_submission_null.csv."""
    train = _comments(rng, rows, "tr")
    test = _comments(rng, rows // 2, "te")
    train_labels = [0, 1] + list(rng.integers(0, 2, size=len(train) - 2))
    test_labels = [0, 1] + list(rng.integers(0, 2, size=len(test) - 2))
    usage = ["PublicTest" if n % 3 else "PrivateTest" for n in range(len(test))]
    _write(raw / "train.csv", ["Insult", "Date", "Comment"],
           [[int(y), _date(rng), c] for y, c in zip(train_labels, train, strict=True)])
    _write(raw / "test_with_solutions.csv", ["Insult", "Date", "Comment", "Usage"],
           [[int(y), _date(rng), c, u] for y, c, u in zip(test_labels, test, usage, strict=True)])
    _write(raw / "test.csv", ["id", "Date", "Comment"], [[n, "", c] for n, c in enumerate(test[:5])])
    _write(raw / "sample_submission_null.csv", ["id", "Insult", "Date", "Comment"],
           [[n, 0, "", c] for n, c in enumerate(test[:5])])


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Insult", "Date", "Comment"]].astype({"Insult": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"negative Insult": sample.assign(Insult=-0.1)}


INVALID_REASONS = {"negative Insult": r"Column 'Insult' must be within \[0, 1\]\."}
