"""Answers to the conformance suite. The data is built from scikit-learn's bundled copy, so no raw files are made."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """Nothing to make: the preparer ignores raw/ (`raw_source: builtin`)."""


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"target": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rules of description.md beyond the generic ones of the submission schema."""
    return {
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "negative probability": sample.assign(target=-0.1),
    }


INVALID_REASONS = {
    "too many rows": r"Submission has \d+ rows; the test set has \d+\.",
    "negative probability": r"Column 'target' must be within \[0, 1\]\.",
}
