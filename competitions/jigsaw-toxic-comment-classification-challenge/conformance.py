"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"

WORDS = ["talk", "page", "edit", "revert", "stupid", "thanks", "article", "source", "hate", "you"]


def _texts(rng: np.random.Generator, count: int) -> list[str]:
    # Real comments span lines and carry quotes and commas.
    endings = ["", '\n\n"quoted", he said', ", with a comma", " :)"]
    return [" ".join(rng.choice(WORDS, size=7)) + endings[n % 4] for n in range(count)]


def _zip_csv(path: Path, name: str, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, frame.to_csv(index=False))


def make_raw(raw: Path, rng: np.random.Generator, train_rows: int = 30, test_rows: int = 16) -> None:
    """raw/{train,test,test_labels,sample_submission}.csv.zip, each holding the one CSV of that name."""
    ids = [f"{v:016x}" for v in rng.choice(2**62, size=train_rows + test_rows, replace=False)]
    train_ids, test_ids = ids[:train_rows], ids[train_rows:]
    train = pd.DataFrame({"id": train_ids, "comment_text": _texts(rng, train_rows)})
    for label in LABELS:
        train[label] = rng.integers(0, 2, size=train_rows)
    labels = rng.integers(0, 2, size=(test_rows, len(LABELS)))
    labels[0], labels[1] = 1, 0  # every scored column sees both classes
    labels[-4:] = -1  # Kaggle's unscored test rows
    test_labels = pd.DataFrame(labels, columns=LABELS)
    test_labels.insert(0, "id", test_ids)
    test = pd.DataFrame({"id": test_ids, "comment_text": _texts(rng, test_rows)})
    sample = test_labels[["id"]].assign(**{label: 0.5 for label in LABELS})
    _zip_csv(raw / "train.csv.zip", "train.csv", train)
    _zip_csv(raw / "test.csv.zip", "test.csv", test)
    _zip_csv(raw / "test_labels.csv.zip", "test_labels.csv", test_labels)
    _zip_csv(raw / "sample_submission.csv.zip", "sample_submission.csv", sample)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.assign(**{label: answers[label].clip(lower=0).astype(float) for label in LABELS})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec (undetected ones are tested apart)."""
    scored = answers.index[answers[LABELS].sum(axis=1) >= 0]
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = "ffffffffffffffff"
    nan_scored = sample.copy()
    nan_scored.loc[scored[0], "toxic"] = np.nan
    text = sample.copy().astype({"threat": object})
    text.loc[scored[0], "threat"] = "high"
    # A scored id in place of an unscored one: as many rows, but one scored row too many.
    unscored = answers.index[answers[LABELS].sum(axis=1) < 0]
    scored_twice = sample.copy()
    scored_twice.loc[unscored[0], "id"] = sample.loc[scored[0], "id"]
    return {
        "missing id": sample.drop(columns=["id"]),
        "missing label column": sample.drop(columns=["insult"]),
        "too few rows": sample.iloc[1:],
        "unknown id": unknown_id,
        "extra column": sample.assign(extra=0.5),
        "nan in a scored row": nan_scored,
        "non-numeric prediction": text,
        "scored id in place of an unscored one": scored_twice,
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing id": r"Submission is missing column\(s\) \['id'\]\.",
    "missing label column": r"Submission is missing column\(s\) \['insult'\]\.",
    "too few rows": ROW_COUNT,
    "unknown id": r"Submission's 'id' values include ids that are not test ids\.",
    "extra column": r"Submission has unexpected column\(s\) \['extra'\]; only id and the 6 labels\.",
    "nan in a scored row": r"Submission has NaN predictions in scored rows\.",
    "non-numeric prediction": r"Label predictions must be numbers\.",
    "scored id in place of an unscored one": r"Submission's ids do not cover the scored test rows once each\.",
}
