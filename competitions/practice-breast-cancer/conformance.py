"""Answers to the conformance suite. The data is built from scikit-learn's bundled copy, so no raw files are made."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """Nothing to make: the preparer ignores raw/ (`raw_source: builtin`)."""


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"target": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule in description.md."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = -1
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "id"] = duplicated_id.loc[0, "id"]
    return {
        "missing target column": sample[["id"]],
        "missing id column": sample[["target"]],
        "extra column": sample.assign(extra=0.0),
        "too few rows": sample.iloc[1:],
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "unknown id": unknown_id,
        "duplicated id": duplicated_id,
        "nan probability": sample.assign(target=[np.nan] + [0.5] * (len(sample) - 1)),
        "probability above 1": sample.assign(target=1.5),
        "negative probability": sample.assign(target=-0.1),
        "text probability": sample.assign(target="high"),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing target column": r"Submission columns must be exactly \d+ named columns; missing \['target'\], unexpected \[\]\.",
    "missing id column": r"Submission columns must be exactly \d+ named columns; missing \['id'\], unexpected \[\]\.",
    "extra column": r"Submission columns must be exactly \d+ named columns; missing \[\], unexpected \['extra'\]\.",
    "too few rows": ROW_COUNT,
    "too many rows": ROW_COUNT,
    "unknown id": id_mismatch(),
    "duplicated id": id_mismatch(),
    "nan probability": r"Column 'target' must be probabilities in \[0, 1\] \(no NaN\)\.",
    "probability above 1": r"Column 'target' must be within \[0, 1\]\.",
    "negative probability": r"Column 'target' must be within \[0, 1\]\.",
    "text probability": r"Column 'target' must be numeric\.",
}
