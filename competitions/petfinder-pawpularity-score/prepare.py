"""PetFinder Pawpularity: 10% of Kaggle's train becomes the test set (random_state 0); images keep their ids."""

from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    # MLE-bench creates its Generator before the split; its first draw is the sample submission's scores.
    np_rng = np.random.default_rng(0)
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_test_without_labels = new_test.drop(columns=["Pawpularity"])
    sample = new_test[["Id", "Pawpularity"]].copy()
    sample["Pawpularity"] = np_rng.uniform(1, 100, len(sample)).round(2)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test_without_labels.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    link_or_copy_many(
        (raw / "train" / f"{pet_id}.jpg", public / side / f"{pet_id}.jpg")
        for side, frame in (("train", new_train), ("test", new_test))
        for pet_id in frame["Id"]
    )
