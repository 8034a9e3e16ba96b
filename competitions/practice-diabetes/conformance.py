"""Answers to the conformance suite. The data is built from scikit-learn's bundled copy, so no raw files are made."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 0.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """Nothing to make: the preparer ignores raw/ (`raw_source: builtin`)."""


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rules of description.md beyond the generic ones of the submission schema."""
    first_only = [True] + [False] * (len(sample) - 1)
    return {
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "infinite prediction": sample.assign(target=sample["target"].mask(first_only, np.inf)),
    }


INVALID_REASONS = {
    "too many rows": r"Submission has \d+ rows; the test set has \d+\.",
    "infinite prediction": r"Column 'target' must hold finite numbers \(no NaN or infinity\)\.",
}
