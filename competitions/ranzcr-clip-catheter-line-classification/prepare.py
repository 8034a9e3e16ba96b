"""RANZCR CLiP: 10% of Kaggle's train becomes the test set (random_state 0); images keep their UIDs."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

# MLE-bench's class list: 9 of Kaggle's 11 labels (its issue #30), kept for identical scores.
CLASSES = [
    "ETT - Abnormal",
    "ETT - Borderline",
    "ETT - Normal",
    "NGT - Abnormal",
    "NGT - Borderline",
    "NGT - Incompletely Imaged",
    "NGT - Normal",
    "CVC - Abnormal",
    "CVC - Borderline",
]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    annotations = read_csv(raw / "train_annotations.csv")
    new_annotations = annotations[annotations["StudyInstanceUID"].isin(new_train["StudyInstanceUID"])]

    for folder, frame in (("train", new_train), ("test", new_test)):
        (public / folder).mkdir(exist_ok=True)
        for uid in frame["StudyInstanceUID"]:
            shutil.copyfile(raw / "train" / f"{uid}.jpg", public / folder / f"{uid}.jpg")

    sample = new_test[["StudyInstanceUID"]].copy()
    for cls in CLASSES:
        sample[cls] = 0
    new_train.to_csv(public / "train.csv", index=False)
    new_annotations.to_csv(public / "train_annotations.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
