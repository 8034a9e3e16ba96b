"""NYC Taxi Fare: 9,914 rows of Kaggle's train (as many as Kaggle's test) become the test set (random_state 0)."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

TEST_ROWS = 9914  # an integer test size, as MLE-bench passes it
SAMPLE_FARE = 11.35


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=TEST_ROWS, random_state=0)
    sample = new_test[["key"]].copy()
    sample["fare_amount"] = SAMPLE_FARE
    new_train.to_csv(public / "labels.csv", index=False)
    new_test.drop(columns=["fare_amount"]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    shutil.copy(raw / "GCP-Coupons-Instructions.rtf", public / "GCP-Coupons-Instructions.rtf")
