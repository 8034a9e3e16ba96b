"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

AUTHORS = ["EAP", "HPL", "MWS"]
BEST_SCORE = 0.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 60) -> None:
    """raw/train.zip (train.csv: id, text, author) plus the unused test.zip and sample_submission.zip."""
    ids = [f"id{n:05d}" for n in rng.choice(99999, size=rows, replace=False)]
    words = ["dark", "night", "raven", "ancient", "horror", "heart", "shadow", "sea", "tomb", "love"]
    train = pd.DataFrame(
        {
            "id": ids,
            "text": [" ".join(rng.choice(words, size=6)) + ", said he." for _ in ids],
            "author": rng.choice(AUTHORS, size=rows),
        }
    )
    _zip_csv(raw / "train.zip", "train.csv", train)
    _zip_csv(raw / "test.zip", "test.csv", train[["id", "text"]].head(5))
    _zip_csv(raw / "sample_submission.zip", "sample_submission.csv", pd.DataFrame({"id": ids[:5], "EAP": 0.4, "HPL": 0.3, "MWS": 0.3}))


def _zip_csv(path: Path, name: str, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, frame.to_csv(index=False))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({a: float for a in AUTHORS})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    extra = sample.assign(extra=0.0)
    not_summing = sample.assign(EAP=0.9)
    out_of_range = sample.assign(EAP=1.2, HPL=-0.2, MWS=0.0)
    missing = sample.drop(columns=["MWS"])
    id_not_first = sample[["EAP", "HPL", "MWS", "id"]]
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = "id_not_in_test"
    return {
        "extra column": extra,
        "too few rows": sample.iloc[1:],
        "rows do not sum to 1": not_summing,
        "probability out of range": out_of_range,
        "nan probability": sample.assign(EAP=np.nan),
        "missing class column": missing,
        "id not first": id_not_first,
        "unknown id": unknown_id,
        "renamed class column": sample.rename(columns={"MWS": "mws"}),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "extra column": r"Submission must have \d+ rows and \d+ columns \(id, EAP, HPL, MWS\); got \(\d+, \d+\)\.",
    "too few rows": r"Submission must have \d+ rows and \d+ columns \(id, EAP, HPL, MWS\); got \(\d+, \d+\)\.",
    "rows do not sum to 1": r"Each row's class probabilities must sum to 1\.",
    "probability out of range": r"Predictions must be probabilities in \[0, 1\] \(no NaN\)\.",
    "nan probability": r"Each row's class probabilities must sum to 1\.",
    "missing class column": r"Submission must have \d+ rows and \d+ columns \(id, EAP, HPL, MWS\); got \(\d+, \d+\)\.",
    "id not first": r"Class probabilities must be numbers\.",
    "unknown id": r"Submission's 'id' values do not match the test set's ids\.",
    "renamed class column": r"Submission is missing column\(s\) \['MWS'\]\.",
}
