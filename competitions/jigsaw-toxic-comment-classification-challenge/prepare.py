"""Toxic Comment Classification: no split; Kaggle's train, test and test labels are re-written as they are."""

import zipfile
from pathlib import Path

from pytest_mlebench.frames import read_csv

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
ARCHIVES = ["train.csv", "test.csv", "test_labels.csv", "sample_submission.csv"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    for name in ARCHIVES:
        with zipfile.ZipFile(raw / f"{name}.zip") as archive:
            archive.extractall(raw)
    train = read_csv(raw / "train.csv")
    test = read_csv(raw / "test.csv")
    test_labels = read_csv(raw / "test_labels.csv")
    sample = read_csv(raw / "sample_submission.csv")
    sample[LABELS] = 0.5
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    # Unscored rows keep their -1 labels; the grader drops them.
    test_labels.to_csv(private / "test.csv", index=False)
