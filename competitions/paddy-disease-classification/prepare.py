"""Paddy Doctor: 25% of Kaggle's labelled images (train_size 0.75, random_state 0) become the test set."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    old_sample = read_csv(raw / "sample_submission.csv")
    new_train, new_test = train_test_split(old_train, train_size=0.75, random_state=0)
    sample = new_test[["image_id", "label"]].copy()
    sample["label"] = ""
    # MLE-bench asserts that its sample submission has Kaggle's columns.
    if set(sample.columns) != set(old_sample.columns):
        raise ValueError(f"raw/sample_submission.csv has columns {list(old_sample.columns)}, not image_id and label.")

    new_train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)

    source = raw / "train_images"
    pairs = [(source / label / image, public / "train_images" / label / image)
             for image, label in zip(new_train["image_id"], new_train["label"], strict=True)]
    pairs += [(source / label / image, public / "test_images" / image)
              for image, label in zip(new_test["image_id"], new_test["label"], strict=True)]
    link_or_copy_many(pairs)
