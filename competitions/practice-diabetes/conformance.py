"""Answers to the conformance suite. The data is built from scikit-learn's bundled copy, so no raw files are made."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 0.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """Nothing to make: the preparer ignores raw/ (`raw_source: builtin`)."""


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule in description.md."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = -1
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "id"] = duplicated_id.loc[0, "id"]
    first_only = [True] + [False] * (len(sample) - 1)
    return {
        "missing target column": sample[["id"]],
        "missing id column": sample[["target"]],
        "extra column": sample.assign(extra=0.0),
        "too few rows": sample.iloc[1:],
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "unknown id": unknown_id,
        "duplicated id": duplicated_id,
        "nan prediction": sample.assign(target=sample["target"].mask(first_only)),
        "infinite prediction": sample.assign(target=sample["target"].mask(first_only, np.inf)),
        "text prediction": sample.assign(target="high"),
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
    "nan prediction": r"Column 'target' must be finite numbers \(no NaN or infinity\)\.",
    "infinite prediction": r"Column 'target' must be finite numbers \(no NaN or infinity\)\.",
    "text prediction": r"Column 'target' must be numbers\.",
}
