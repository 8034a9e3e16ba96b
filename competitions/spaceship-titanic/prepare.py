"""Spaceship Titanic: 10% of Kaggle's train (random_state 0) becomes the test set."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    sample = new_test[["PassengerId", "Transported"]].copy()
    sample["Transported"] = False
    sample.to_csv(public / "sample_submission.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.drop(columns=["Transported"]).to_csv(public / "test.csv", index=False)
