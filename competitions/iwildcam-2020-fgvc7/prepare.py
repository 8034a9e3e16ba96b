"""iWildCam 2020: Kaggle's labelled camera-trap images split by camera location (22% of the locations, random_state
0, then rebalanced by MLE-bench's loops); the test index keeps the images' metadata but no annotations."""

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError

TEST_SHARE = 0.22
SAMPLE_CATEGORIES = 676  # the sample submission draws uniform integers 0..675


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = json.loads((raw / "iwildcam2020_train_annotations.json").read_text())
    old_test = json.loads((raw / "iwildcam2020_test_information.json").read_text())
    annotations = pd.DataFrame(old_train["annotations"])
    images = pd.DataFrame(old_train["images"])
    categories = pd.DataFrame(old_train["categories"])
    test_categories = pd.DataFrame(old_test["categories"])

    locations = images["location"].unique()
    train_locations, test_locations = train_test_split(locations, test_size=TEST_SHARE, random_state=0)
    new_train_images, new_test_images = _images_at(images, train_locations, test_locations)
    # MLE-bench's rebalancing divides by (all images + test images), not by all images: kept for parity.
    while len(new_test_images) / (len(images) + len(new_test_images)) < TEST_SHARE:
        test_locations = np.append(test_locations, train_locations[-1])
        train_locations = train_locations[:-1]
        new_train_images, new_test_images = _images_at(images, train_locations, test_locations)
    while len(new_test_images) / (len(images) + len(new_test_images)) > TEST_SHARE:
        train_locations = np.append(train_locations, test_locations[-1])
        test_locations = test_locations[:-1]
        new_train_images, new_test_images = _images_at(images, train_locations, test_locations)

    new_train_ids = new_train_images["id"].unique()
    new_test_ids = new_test_images["id"].unique()
    new_train_annotations = annotations[annotations["image_id"].isin(new_train_ids)]
    new_test_annotations = annotations[annotations["image_id"].isin(new_test_ids)]
    answers = new_test_annotations[["image_id", "category_id"]].copy()
    answers.columns = ["Id", "Category"]
    # MLE-bench seeds numpy's global generator with 0; a RandomState(0) draws the same integers.
    sample = answers.copy()
    sample["Category"] = np.random.RandomState(0).randint(0, SAMPLE_CATEGORIES, size=len(sample))

    if len(new_train_ids) + len(new_test_ids) != len(images["id"]):
        raise PrerequisiteError("raw iwildcam2020_train_annotations.json repeats an image id, unlike Kaggle's file; "
                                "download the data again.")
    new_train_json = {
        "annotations": new_train_annotations.to_dict(orient="records"),
        "images": new_train_images.to_dict(orient="records"),
        "categories": categories.to_dict(orient="records"),
        "info": old_train["info"],
    }
    new_test_json = {
        "images": new_test_images.to_dict(orient="records"),
        "categories": test_categories.to_dict(orient="records"),
        "info": old_test["info"],
    }

    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    with (public / "iwildcam2020_train_annotations.json").open("w") as handle:
        json.dump(new_train_json, handle)
    with (public / "iwildcam2020_test_information.json").open("w") as handle:
        json.dump(new_test_json, handle)
    shutil.copyfile(raw / "iwildcam2020_megadetector_results.json",
                    public / "iwildcam2020_megadetector_results.json")
    (public / "train").mkdir(exist_ok=True)
    (public / "test").mkdir(exist_ok=True)
    link_or_copy_many(
        [(raw / "train" / f"{image_id}.jpg", public / "train" / f"{image_id}.jpg") for image_id in new_train_ids]
        + [(raw / "train" / f"{image_id}.jpg", public / "test" / f"{image_id}.jpg") for image_id in new_test_ids]
    )


def _images_at(images: pd.DataFrame, train_locations, test_locations) -> tuple[pd.DataFrame, pd.DataFrame]:
    return images[images["location"].isin(train_locations)], images[images["location"].isin(test_locations)]
