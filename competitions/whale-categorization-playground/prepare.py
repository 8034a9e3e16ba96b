"""Whale categorization: per whale, one image to train and one to test (pandas sample, random_state 0); single
images to test with probability 0.1 (relabelled new_whale); 10% of the rest (random_state 0) to test."""

from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

SAMPLE_IDS = "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    old_train["split"] = "undecided"
    np_rng = np.random.default_rng(0)
    for whale_id in old_train["Id"].unique():
        whale_images = old_train[old_train["Id"] == whale_id]
        if len(whale_images) >= 2:
            selected = whale_images.sample(2, random_state=0)
            old_train.loc[selected.index[0], "split"] = "train"
            old_train.loc[selected.index[1], "split"] = "test"
        else:
            # One draw of the generator per single-image whale, in order of first appearance: MLE-bench's call.
            old_train.loc[whale_images.index, "split"] = np_rng.choice(["train", "test"], replace=False, p=[0.9, 0.1])
    remaining = old_train[old_train["split"] == "undecided"]
    rest_train, rest_test = train_test_split(remaining, test_size=0.1, random_state=0)
    old_train.loc[rest_train.index, "split"] = "train"
    old_train.loc[rest_test.index, "split"] = "test"

    new_train = old_train[old_train["split"] == "train"].drop(columns=["split"])
    answers = old_train[old_train["split"] == "test"].drop(columns=["split"])
    # Single-image whales sent to test are unknown to train: they become new_whale.
    unseen = set(answers["Id"]) - set(new_train["Id"])
    answers.loc[answers["Id"].isin(unseen), "Id"] = "new_whale"
    sample = answers.copy()
    sample["Id"] = SAMPLE_IDS

    answers.to_csv(private / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    (public / "train").mkdir(exist_ok=True)
    (public / "test").mkdir(exist_ok=True)
    link_or_copy_many(
        [(raw / "train" / image, public / "train" / image) for image in new_train["Image"]]
        + [(raw / "train" / image, public / "test" / image) for image in answers["Image"]]
    )
