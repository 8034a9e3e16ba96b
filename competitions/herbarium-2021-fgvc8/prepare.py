"""Herbarium 2021: 20% of each category's train images become the test set (MLE-bench's per-category split).

Train images and their metadata entries are kept as they are; test images are renumbered 0.. in a seeded shuffle.
"""

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.coco_metadata import split_train_folder


def prepare(raw: Path, public: Path, private: Path) -> None:
    rows = split_train_folder(raw / "train", public / "train", public / "test", encoding="utf-8")
    answers = pd.DataFrame(rows, columns=["Id", "Predicted"])
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(Predicted=0).to_csv(public / "sample_submission.csv", index=False)
