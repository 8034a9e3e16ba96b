"""Text Normalization (English and Russian): 10% of Kaggle's train sentences become the test set, whole
sentences per side.

Sentence ids are renumbered from 0 on each side; every CSV is written with csv.QUOTE_NONNUMERIC, and the
public ones are shipped only as single-member stored zip archives, as MLE-bench does.
"""

import csv
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import zip_single_file
from pytest_mlebench.frames import read_csv


def prepare_language(raw: Path, public: Path, private: Path, prefix: str) -> None:
    """Prepare the `prefix` (en, ru) competition from Kaggle's `<prefix>_*.csv.zip` files."""
    for name in (f"{prefix}_test_2.csv", f"{prefix}_train.csv", f"{prefix}_sample_submission_2.csv"):
        with zipfile.ZipFile(raw / f"{name}.zip") as archive:
            archive.extractall(raw)
    # Default NA parsing on purpose: tokens such as 'NA' or 'null' become empty fields, as in MLE-bench.
    old_train = read_csv(raw / f"{prefix}_train.csv")
    train_ids, test_ids = train_test_split(old_train["sentence_id"].unique(), test_size=0.1, random_state=0)
    new_train = _renumber(old_train[old_train["sentence_id"].isin(train_ids)])
    test_rows = _renumber(old_train[old_train["sentence_id"].isin(test_ids)])

    new_test = test_rows.drop(columns=["after", "class"])
    token_ids = test_rows["sentence_id"].astype(str) + "_" + test_rows["token_id"].astype(str)
    answers = pd.DataFrame({"id": token_ids, "after": test_rows["after"]})
    sample = pd.DataFrame({"id": token_ids, "after": test_rows["before"]})

    _write(answers, private / "answers.csv")
    _write(sample, private / "sample_submission.csv")
    for frame, name in (
        (new_train, f"{prefix}_train.csv"),
        (new_test, f"{prefix}_test_2.csv"),
        (sample, f"{prefix}_sample_submission_2.csv"),
    ):
        _write(frame, public / name)
        zip_single_file(public / name, public / f"{name}.zip")
        (public / name).unlink()


def _renumber(part: pd.DataFrame) -> pd.DataFrame:
    """Sentence ids 0, 1, ... in order of first appearance."""
    new_ids = {old: new for new, old in enumerate(part["sentence_id"].unique())}
    return part.assign(sentence_id=part["sentence_id"].map(new_ids))


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, quotechar='"', quoting=csv.QUOTE_NONNUMERIC)
