"""Spooky Author Identification: 10% of Kaggle's train becomes the test set (random_state 0)."""

import zipfile
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import df_to_one_hot, read_csv

CLASSES = ["EAP", "HPL", "MWS"]
# Kaggle's own sample submission constants, kept for parity with MLE-bench's sample file.
SAMPLE_PROBABILITIES = {"EAP": 0.403493538995863, "HPL": 0.287808366106543, "MWS": 0.308698094897594}


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "train.zip") as archive:
        archive.extractall(raw)
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    answers = df_to_one_hot(new_test.drop(columns=["text"]), "id", "author", CLASSES)
    sample = answers.copy()
    for cls, value in SAMPLE_PROBABILITIES.items():
        sample[cls] = value
    new_train.to_csv(public / "train.csv", index=False)
    new_test.drop(columns=["author"]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
