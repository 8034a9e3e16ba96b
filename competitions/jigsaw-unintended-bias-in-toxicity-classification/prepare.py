"""Jigsaw Unintended Bias: no new split. Kaggle's train is the train set and its labelled private test set
(test_private_expanded.csv) the answers, both copied byte for byte; the public test keeps id and comment_text."""

import shutil
from pathlib import Path

from pytest_mlebench.errors import PreparationError
from pytest_mlebench.frames import read_csv

ANSWER_COLUMNS = 45  # MLE-bench asserts the width of Kaggle's expanded private test file


def prepare(raw: Path, public: Path, private: Path) -> None:
    test = read_csv(raw / "test_private_expanded.csv")
    if len(test.columns) != ANSWER_COLUMNS:
        raise PreparationError(
            f"test_private_expanded.csv has {len(test.columns)} columns; Kaggle's file has {ANSWER_COLUMNS}."
        )
    test_without_labels = test[["id", "comment_text"]]
    shutil.copy(raw / "test_private_expanded.csv", private / "test.csv")
    shutil.copy(raw / "train.csv", public / "train.csv")
    test_without_labels.to_csv(public / "test.csv", index=False)
    sample = test_without_labels.drop(columns=["comment_text"]).assign(prediction=0.0)
    sample.to_csv(public / "sample_submission.csv", index=False)
