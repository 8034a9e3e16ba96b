"""Detecting Insults: no split; Kaggle's train is public, its labelled test set becomes the answers."""

import shutil
from pathlib import Path

from pytest_mlebench.frames import read_csv

SUBMISSION_COLUMNS = ["Insult", "Date", "Comment"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    # MLE-bench byte-copies these two; the other files below are re-serialised by pandas.
    shutil.copy(raw / "train.csv", public / "train.csv")
    shutil.copy(raw / "test_with_solutions.csv", private / "test.csv")
    gold = read_csv(private / "test.csv")[SUBMISSION_COLUMNS]
    gold.to_csv(private / "gold_submission.csv", index=False)
    gold.drop(columns=["Insult"]).to_csv(public / "test.csv", index=False)
    sample = gold.copy()
    sample["Insult"] = 0
    sample.to_csv(public / "sample_submission_null.csv", index=False)
