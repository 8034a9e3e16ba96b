"""Playground Series S3E18: 10% of Kaggle's train (random_state 0) becomes the test set."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

TARGETS = ["EC1", "EC2", "EC3", "EC4", "EC5", "EC6"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    sample = new_test.copy()
    sample["EC1"] = 0.5
    sample["EC2"] = 0.5
    sample = sample.drop(columns=[c for c in sample.columns if c not in ("id", "EC1", "EC2")])
    sample.to_csv(public / "sample_submission.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.drop(columns=TARGETS).to_csv(public / "test.csv", index=False)
