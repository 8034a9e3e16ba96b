"""Tabular Playground May 2022: 100,000 rows of Kaggle's train become the test set (random_state 0), ids renumbered."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

TEST_ROWS = 100_000  # an integer test size, as MLE-bench passes it
SAMPLE_PROBABILITY = 0.5


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_ROWS, random_state=0)
    # New ids follow the permuted row order: train from 0, test right after train (800,000 on Kaggle's data).
    new_train["id"] = range(len(new_train))
    new_test["id"] = range(len(new_train), len(new_train) + len(new_test))
    gold = new_test[["id", "target"]]
    sample = gold.copy()
    sample["target"] = SAMPLE_PROBABILITY
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["target"]).to_csv(public / "test.csv", index=False)
    gold.to_csv(private / "gold_submission.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
