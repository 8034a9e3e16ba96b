"""Tabular Playground Dec 2021: 10% of Kaggle's train becomes the test set (random_state 0); Ids kept."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

SAMPLE_CLASS = 2


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["Cover_Type"]).to_csv(public / "test.csv", index=False)
    sample = new_test[["Id"]].copy()
    sample["Cover_Type"] = SAMPLE_CLASS
    sample.to_csv(public / "sample_submission.csv", index=False)
