"""Automated Essay Scoring 2.0: a tenth of Kaggle's train becomes the test set (random_state 0); the sample
submission holds random scores 1 to 6 (RandomState 42)."""

from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=0.1, random_state=0)
    new_test = answers.drop(columns=["score"])
    sample = answers[["essay_id"]].copy()
    sample["score"] = np.random.RandomState(42).randint(1, 7, size=len(sample))
    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
