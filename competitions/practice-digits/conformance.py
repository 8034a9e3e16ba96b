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
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rules of description.md beyond the generic ones of the submission schema."""
    first_only = [True] + [False] * (len(sample) - 1)
    return {
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "label out of range": sample.assign(label=sample["label"].mask(first_only, 10)),
        "fractional label": sample.assign(label=sample["label"].astype(float).mask(first_only, 2.5)),
    }


INVALID_REASONS = {
    "too many rows": r"Submission has \d+ rows; the test set has \d+\.",
    "label out of range": r"Column 'label' holds values outside the 10 allowed labels\.",
    "fractional label": r"Column 'label' holds values outside the 10 allowed labels\.",
}
