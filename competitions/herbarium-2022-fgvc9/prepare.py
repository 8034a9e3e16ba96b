"""Herbarium 2022: 20% of every category's train images become the test set; train images are renamed too.

Unlike 2020 and 2021, every category goes through train_test_split (none is too small), each train image gets a
new id <category:05>__<k:03> and file name, and the public test metadata is a bare list of image records.
"""

import random
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.coco_metadata import (
    pairs_by_category,
    read_metadata,
    split_by_category,
    write_metadata,
)
from pytest_mlebench.data.files import link_or_copy_many

SAMPLE_CATEGORY = 42


def prepare(raw: Path, public: Path, private: Path) -> None:
    metadata = read_metadata(raw / "train_metadata.json")
    train, test = split_by_category(pairs_by_category(metadata, image_key="image_id"), small_categories=False)

    annotations, images, placed = [], [], []
    for category, pairs in train.items():
        for k, (annotation, image) in enumerate(pairs):
            image_id = f"{category:05d}__{k + 1:03d}"
            file_name = f"{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
            annotations.append({**annotation, "image_id": image_id})
            images.append({**image, "image_id": image_id, "file_name": file_name})
            placed.append((raw / "train_images" / image["file_name"], public / "train_images" / file_name))
    write_metadata(public / "train_metadata.json", {**metadata, "annotations": annotations, "images": images})

    test_pairs = [pair for pairs in test.values() for pair in pairs]
    random.Random(0).shuffle(test_pairs)
    test_images, rows = [], []
    for idx, (annotation, image) in enumerate(test_pairs):
        file_name = f"{idx // 1000:03d}/test-{idx:06d}.jpg"
        test_images.append({**image, "image_id": str(idx), "file_name": file_name})
        placed.append((raw / "train_images" / image["file_name"], public / "test_images" / file_name))
        rows.append((idx, annotation["category_id"]))
    write_metadata(public / "test_metadata.json", test_images)
    link_or_copy_many(placed)

    answers = pd.DataFrame(rows, columns=["Id", "Predicted"])
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(Predicted=SAMPLE_CATEGORY).to_csv(public / "sample_submission.csv", index=False)
