"""iMet 2020: 15% of Kaggle's train becomes the test set (random_state 0); images placed by split."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=0.15, random_state=0)
    sample = answers.copy()
    sample["attribute_ids"] = "0 1 2"

    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    shutil.copyfile(raw / "labels.csv", public / "labels.csv")

    link_or_copy_many(
        (raw / "train" / f"{image_id}.png", public / side / f"{image_id}.png")
        for side, frame in (("train", new_train), ("test", answers))
        for image_id in frame["id"]
    )
