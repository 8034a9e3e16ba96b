"""APTOS 2019 Blindness Detection: 10% of Kaggle's train becomes the test set (random_state 0)."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_test_without_labels = new_test.drop(columns=["diagnosis"])

    (public / "test_images").mkdir()
    (public / "train_images").mkdir()
    for side, frame in (("train_images", new_train), ("test_images", new_test)):
        for id_code in frame["id_code"]:
            shutil.copyfile(raw / "train_images" / f"{id_code}.png", public / side / f"{id_code}.png")

    sample = new_test.assign(diagnosis=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test_without_labels.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
