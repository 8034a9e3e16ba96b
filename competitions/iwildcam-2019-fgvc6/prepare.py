"""iWildCam 2019: a split by camera location (10% of locations, random_state 8); images zipped by side."""

import shutil
import zipfile
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import compress_folder
from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    # unique() keeps first-appearance order, which fixes what the permutation picks.
    locations = old_train["location"].unique()
    _, test_locations = train_test_split(locations, test_size=0.1, random_state=8)
    in_test = old_train["location"].isin(test_locations)
    answers, new_train = old_train[in_test], old_train[~in_test]
    new_test = answers.drop(columns=["category_id"])
    gold = answers[["id", "category_id"]].rename(columns={"id": "Id", "category_id": "Category"})

    images = raw / "train_images"
    images.mkdir(exist_ok=True)
    with zipfile.ZipFile(raw / "train_images.zip") as archive:
        archive.extractall(images)
    found, expected = len(list(images.glob("*.jpg"))), old_train["id"].nunique()
    if found != expected:
        raise PrerequisiteError(f"{raw / 'train_images.zip'} holds {found} jpgs, train.csv lists {expected} ids: "
                                "download Kaggle's files again.")

    # The sample keeps answers' original row labels and is written with them (MLE-bench's index=True).
    sample = new_test[["id"]].copy()
    sample["category_id"] = 0
    sample = sample.rename(columns={"id": "Id", "category_id": "Category"})

    answers.to_csv(private / "test.csv", index=False)
    gold.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=True)

    for side, frame in (("train_images", new_train), ("test_images", new_test)):
        folder = public / side
        link_or_copy_many((images / f"{image_id}.jpg", folder / f"{image_id}.jpg") for image_id in frame["id"])
        compress_folder(folder, public / f"{side}.zip")
        shutil.rmtree(folder)
