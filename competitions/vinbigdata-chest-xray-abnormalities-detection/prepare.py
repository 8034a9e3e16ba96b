"""VinBigData Chest X-ray: 10% of Kaggle's training images become the test set (random_state 0).

Answers keep one box per (image, class): the first radiologist's, with 'No finding' (class 14) as the box 0 0 1 1.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

# MLE-bench asserts these sizes of Kaggle's 15,000 training images.
TRAIN_IMAGES = 13_500
TEST_IMAGES = 1_500
NO_FINDING = 14


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = read_csv(raw / "train.csv")
    # An ndarray, as pandas 2 (MLE-bench's) returns it; pandas 3 gives a string array scikit-learn cannot index.
    unique_ids = np.asarray(train["image_id"].unique())
    train_ids, test_ids = train_test_split(unique_ids, test_size=0.1, random_state=0)
    if (len(train_ids), len(test_ids)) != (TRAIN_IMAGES, TEST_IMAGES):
        raise ValueError(f"Expected {TRAIN_IMAGES}/{TEST_IMAGES} train/test images, got {len(train_ids)}/{len(test_ids)}.")
    new_train = train[train["image_id"].isin(set(train_ids))]
    test_rows = train[train["image_id"].isin(set(test_ids))]
    sample = pd.DataFrame({"image_id": test_ids, "PredictionString": f"{NO_FINDING} 1 0 0 1 1"})

    # One row per (image, class), each column its group's first non-null value; missing boxes become 0.
    answers = test_rows.groupby(["image_id", "class_id"]).first().reset_index().fillna(0)
    answers.loc[answers["class_id"] == NO_FINDING, ["x_max", "y_max"]] = 1.0
    groups = [f"{r.class_id} 1.0 {r.x_min} {r.y_min} {r.x_max} {r.y_max}" for r in answers.itertuples(index=False)]
    gold = (answers.assign(PredictionString=groups).groupby("image_id")["PredictionString"]
            .agg(" ".join).reset_index())

    new_train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
    gold.to_csv(private / "gold_submission.csv", index=False)

    link_or_copy_many(
        (raw / "train" / f"{image}.dicom", public / side / f"{image}.dicom")
        for side, ids in (("train", train_ids), ("test", test_ids))
        for image in ids
    )
