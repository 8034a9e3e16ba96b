"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv of anchor/target phrase pairs
with a CPC context and a similarity score, and Kaggle's unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ANSWER_COLUMNS = ["score"]  # the answers file also carries the public phrases and context
SAMPLE_SCORES_NAN = True  # the constant sample submission has Pearson NaN, a valid score in MLE-bench
WORDS = ["abatement", "pollution", "control", "acid", "absorption", "layer", "forming", "conductive", "wire",
         "rotating", "shaft", "assembly"]
CONTEXTS = ["A47", "B01", "C08", "F16", "H01", "H04"]


def _pairs(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    return pd.DataFrame({
        "id": [f"{value:016x}" for value in rng.choice(2**62, size=rows, replace=False)],
        "anchor": [" ".join(rng.choice(WORDS, size=2)) for _ in range(rows)],
        "target": [" ".join(rng.choice(WORDS, size=int(rng.integers(1, 4)))) for _ in range(rows)],
        "context": rng.choice(CONTEXTS, size=rows),
    })


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 60) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    train = _pairs(rng, rows)
    train["score"] = np.arange(rows) % 5 * 0.25  # 0, 0.25, ..., 1: the tiny test set is not constant
    train.to_csv(raw / "train.csv", index=False)
    test = _pairs(rng, 4)
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(score=0).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "score"]]
