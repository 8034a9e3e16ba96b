"""ML2021Spring-hw2: a share of Kaggle's train frames as large as Kaggle's test share becomes the test set."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

FOLDER = Path("timit_11") / "timit_11"


def prepare(raw: Path, public: Path, private: Path) -> None:
    # Memory-mapped: the real train array is about 2 GB, and only the length of Kaggle's test array is used.
    train = np.load(raw / FOLDER / "train_11.npy", mmap_mode="r")
    labels = np.load(raw / FOLDER / "train_label_11.npy")
    old_test = np.load(raw / FOLDER / "test_11.npy", mmap_mode="r")
    old_test_prop = len(old_test) / (len(train) + len(old_test))
    new_train_idxs, new_test_idxs = train_test_split(range(len(train)), test_size=old_test_prop, random_state=0)

    (public / FOLDER).mkdir(parents=True)
    np.save(public / FOLDER / "train_11.npy", train[new_train_idxs])
    np.save(public / FOLDER / "train_label_11.npy", labels[new_train_idxs])
    np.save(public / FOLDER / "test_11.npy", train[new_test_idxs])

    # Id k is row k of the public test array.
    answers = pd.DataFrame({"Id": range(len(new_test_idxs)), "ClassId": labels[new_test_idxs]})
    sample = answers.copy()
    sample["ClassId"] = 0
    sample.to_csv(public / "sampleSubmission.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
