"""Herbarium 2020: 20% of each category's train images become the test set (MLE-bench's per-category split).

Train images and their metadata entries are kept as they are; test images are renumbered 0.. in a seeded shuffle.
"""

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.coco_metadata import split_train_folder

# MLE-bench reads the UTF-8 file as latin-1 (decoding it as UTF-8 failed for it); the train metadata it writes
# back carries the resulting mojibake as ASCII escapes.
ENCODING = "latin-1"


def prepare(raw: Path, public: Path, private: Path) -> None:
    rows = split_train_folder(raw / "nybg2020" / "train", public / "nybg2020" / "train", public / "nybg2020" / "test",
                              encoding=ENCODING)
    answers = pd.DataFrame(rows, columns=["Id", "Predicted"])
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(Predicted=0).to_csv(public / "sample_submission.csv", index=False)
