"""Histopathologic Cancer Detection: Kaggle's labelled patches split with the test share of Kaggle's own split
(its number of test images over all images, random_state 0); both sides keep the original row order."""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split


def prepare(raw: Path, public: Path, private: Path) -> None:
    # MLE-bench reads this file with plain pandas, not its round-trip reader (no floats here anyway).
    old_train = pd.read_csv(raw / "train_labels.csv")
    num_test = len(list((raw / "test").glob("*.tif")))
    test_ratio = num_test / (len(old_train) + num_test)
    new_train_ids, new_test_ids = train_test_split(old_train["id"], test_size=test_ratio, random_state=0)
    new_train = old_train[old_train["id"].isin(new_train_ids)]
    new_test = old_train[old_train["id"].isin(new_test_ids)]

    (public / "train").mkdir()
    (public / "test").mkdir()
    for side, ids in (("train", new_train_ids), ("test", new_test_ids)):
        for image_id in ids:
            shutil.copyfile(raw / "train" / f"{image_id}.tif", public / side / f"{image_id}.tif")

    new_train.to_csv(public / "train_labels.csv", index=False)
    new_test.to_csv(private / "answers.csv", index=False)
    new_test.assign(label=0).to_csv(public / "sample_submission.csv", index=False)
