"""Plant Pathology 2021: 20% of Kaggle's train becomes the test set (random_state 0); images keep their names."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=0.2, random_state=0)
    sample = answers.copy()
    sample["labels"] = "healthy"

    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    link_or_copy_many(
        (raw / "train_images" / image, public / folder / image)
        for folder, frame in (("train_images", new_train), ("test_images", answers))
        for image in frame["image"]
    )
