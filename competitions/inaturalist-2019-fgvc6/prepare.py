"""iNaturalist 2019: about 12% of each category of Kaggle's train becomes the test set; images repacked as tars.

Test images keep their original iNat ids; the test set is shuffled with Python's random.Random(0).
"""

import copy
import json
import random
import shutil
from pathlib import Path, PurePosixPath

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import tar_folder
from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError

TEST_SIZE = 0.12
# MLE-bench draws Random(42).randint(0, 1009) afresh for every row: the same value, 654, everywhere.
SAMPLE_CATEGORY = random.Random(42).randint(0, 1009)


def prepare(raw: Path, public: Path, private: Path) -> None:
    if not (raw / "train_val2019").exists():
        shutil.unpack_archive(raw / "train_val2019.tar.gz", raw, filter="data")
    old_train = json.loads((raw / "train2019.json").read_text(encoding="utf-8"))

    by_category: dict[int, list[tuple[dict, dict]]] = {}
    for annotation, image in zip(old_train["annotations"], old_train["images"], strict=True):
        if annotation["image_id"] != image["id"]:
            raise PrerequisiteError(f"raw train2019.json pairs the annotation of image {annotation['image_id']} "
                                    f"with image {image['id']}, unlike Kaggle's file; download the data again.")
        by_category.setdefault(annotation["category_id"], []).append((annotation, image))

    train_pairs: list[tuple[dict, dict]] = []
    test_pairs: list[tuple[dict, dict]] = []
    for items in by_category.values():
        if len(items) == 1:
            train_pairs.extend(items)
        elif len(items) < 5:
            n_test = max(1, int(len(items) * TEST_SIZE))
            train_pairs.extend(items[:-n_test])
            test_pairs.extend(items[-n_test:])
        else:
            train_items, test_items = train_test_split(items, test_size=TEST_SIZE, random_state=0)
            train_pairs.extend(train_items)
            test_pairs.extend(test_items)

    new_train = copy.deepcopy(old_train)
    new_train["annotations"] = [annotation for annotation, _ in train_pairs]
    new_train["images"] = [image for _, image in train_pairs]
    _dump(new_train, public / "train2019.json")
    shutil.copyfile(raw / "val2019.json", public / "val2019.json")

    random.Random(0).shuffle(test_pairs)
    test_images = [
        {**image, "file_name": f"test2019/{PurePosixPath(image['file_name']).name}"} for _, image in test_pairs
    ]
    _dump({"images": test_images, "info": old_train["info"], "licenses": old_train["licenses"]},
          public / "test2019.json")

    answers = pd.DataFrame({
        "id": [image["id"] for _, image in test_pairs],
        "predicted": [annotation["category_id"] for annotation, _ in test_pairs],
    })
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(predicted=SAMPLE_CATEGORY).to_csv(public / "kaggle_sample_submission.csv", index=False)

    link_or_copy_many(
        [(raw / image["file_name"], public / image["file_name"]) for _, image in train_pairs]
        + [(raw / image["file_name"], public / "test2019" / PurePosixPath(image["file_name"]).name)
           for _, image in test_pairs]
    )
    for folder in ("test2019", "train_val2019"):
        # MLE-bench's names say gzip but the archives are plain tars, members relative to the folder.
        tar_folder(public / folder, public / f"{folder}.tar.gz")
        shutil.rmtree(public / folder)


def _dump(document: dict, path: Path) -> None:
    with path.open("w") as handle:
        json.dump(document, handle, indent=4, sort_keys=True)
