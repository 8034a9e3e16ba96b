"""Herbarium 2020: 20% of each category's train images become the test set (MLE-bench's per-category split).

Train images and their metadata entries are kept as they are; test images are renumbered 0.. in a seeded shuffle.
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

# MLE-bench reads the UTF-8 file as latin-1 (decoding it as UTF-8 failed for it); the train metadata it writes
# back carries the resulting mojibake as ASCII escapes.
ENCODING = "latin-1"


def prepare(raw: Path, public: Path, private: Path) -> None:
    raw_train, public_root = raw / "nybg2020" / "train", public / "nybg2020"
    metadata = read_metadata(raw_train / "metadata.json", encoding=ENCODING)
    train, test = split_by_category(pairs_by_category(metadata), small_categories=True)

    train_pairs = [pair for pairs in train.values() for pair in pairs]
    write_metadata(public_root / "train" / "metadata.json", {
        **metadata,
        "annotations": [annotation for annotation, _ in train_pairs],
        "images": [image for _, image in train_pairs],
    })
    placed = [(raw_train / image["file_name"], public_root / "train" / image["file_name"]) for _, image in train_pairs]

    test_pairs = [pair for pairs in test.values() for pair in pairs]
    random.Random(0).shuffle(test_pairs)
    test_images, rows = [], []
    for idx, (annotation, image) in enumerate(test_pairs):
        file_name = f"images/{idx // 1000:03d}/{idx}.jpg"
        test_images.append({**image, "id": str(idx), "file_name": file_name})
        placed.append((raw_train / image["file_name"], public_root / "test" / file_name))
        rows.append((idx, annotation["category_id"]))
    write_metadata(public_root / "test" / "metadata.json",
                   {"images": test_images, "info": metadata["info"], "licenses": metadata["licenses"]})
    link_or_copy_many(placed)

    answers = pd.DataFrame(rows, columns=["Id", "Predicted"])
    answers.to_csv(private / "answers.csv", index=False)
    answers.assign(Predicted=0).to_csv(public / "sample_submission.csv", index=False)
