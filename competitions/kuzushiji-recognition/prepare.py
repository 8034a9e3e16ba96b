"""Kuzushiji Recognition: 10% of Kaggle's train pages become the test set (random_state 0); images re-zipped by
split; a gold submission puts one point just inside every true box."""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import compress_folder
from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.data.formats.archives import extract
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.frames import read_csv

SAMPLE_LABELS = "U+003F 1 1 U+FF2F 2 2"


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "train_images.zip", raw / "train")
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)

    for side, frame in (("train", new_train), ("test", new_test)):
        link_or_copy_many((raw / "train" / f"{image_id}.jpg", public / side / f"{image_id}.jpg")
                          for image_id in frame["image_id"])
        (public / side).mkdir(exist_ok=True)
        compress_folder(public / side, public / f"{side}_images.zip")
        shutil.rmtree(public / side)
    shutil.copyfile(raw / "unicode_translation.csv", public / "unicode_translation.csv")

    new_test.assign(labels=SAMPLE_LABELS).to_csv(public / "sample_submission.csv", index=False)
    new_test.assign(labels=[_gold_points(labels) for labels in new_test["labels"]]).to_csv(
        private / "gold_submission.csv", index=False
    )


def _gold_points(labels: object) -> object:
    """'label x+1 y+1' for every 'label x y width height' box. A page without characters keeps its empty cell:
    MLE-bench's preparer crashes there (str methods on NaN); its seed-0 split has no such page in test."""
    if pd.isna(labels):
        return labels
    tokens = labels.split()
    if len(tokens) % 5:
        raise PrerequisiteError("raw train.csv has a labels cell that is not groups of 5 (label x y width height), "
                                "unlike Kaggle's file; download the data again.")
    return " ".join(
        f"{label} {int(x) + 1} {int(y) + 1}" for label, x, y in zip(tokens[0::5], tokens[1::5], tokens[2::5], strict=True)
    )
