"""Kaggle's COCO-style image metadata (FGVC herbarium metadata.json): read, group images by category, split, write.

Splitting follows MLE-bench's herbarium preparers, step for step, so that prepared files keep their pinned bytes;
images are placed with `data.files.link_or_copy_many`, never read.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many

Pair = tuple[dict[str, Any], dict[str, Any]]
"""(annotation, image) of one image."""


def read_metadata(path: Path, encoding: str = "utf-8") -> Any:
    """The parsed JSON file, decoded with `encoding` (MLE-bench reads herbarium 2020's as latin-1)."""
    with open(path, encoding=encoding) as handle:
        return json.load(handle)


def write_metadata(path: Path, data: Any) -> None:
    """`json.dump(indent=4, sort_keys=True)` with ASCII escapes and no final newline, as MLE-bench writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        json.dump(data, handle, indent=4, sort_keys=True)


def pairs_by_category(metadata: dict[str, Any], image_key: str = "id") -> dict[Any, list[Pair]]:
    """annotations[i] paired with images[i], grouped by category_id: categories in order of first appearance,
    pairs in file order. A ValueError where an annotation's image_id is not its image's `image_key`."""
    groups: dict[Any, list[Pair]] = {}
    for annotation, image in zip(metadata["annotations"], metadata["images"], strict=True):
        if annotation["image_id"] != image[image_key]:
            raise ValueError(f"Annotation of image {annotation['image_id']!r} is paired with image {image[image_key]!r}.")
        groups.setdefault(annotation["category_id"], []).append((annotation, image))
    return groups


def split_by_category(
    groups: dict[Any, list[Pair]], test_size: float = 0.2, random_state: int = 0, small_categories: bool = True
) -> tuple[dict[Any, list[Pair]], dict[Any, list[Pair]]]:
    """(train, test) pairs per category. Each category is split by `train_test_split(pairs, test_size,
    random_state)`; with `small_categories` (herbarium 2020, 2021) a category of one image stays in train and one
    of 2 to 4 images gives its last max(1, int(n * test_size)) images to test instead."""
    train: dict[Any, list[Pair]] = {}
    test: dict[Any, list[Pair]] = {}
    for category, pairs in groups.items():
        n = len(pairs)
        if small_categories and n == 1:
            train[category], test[category] = list(pairs), []
        elif small_categories and n < 5:
            cut = n - max(1, int(n * test_size))
            train[category], test[category] = pairs[:cut], pairs[cut:]
        else:
            train[category], test[category] = train_test_split(pairs, test_size=test_size, random_state=random_state)
    return train, test


def split_train_folder(raw_train: Path, public_train: Path, public_test: Path, encoding: str = "utf-8") -> list[tuple[int, Any]]:
    """Herbarium 2020 and 2021: split a train folder (metadata.json + images at their `file_name`) into new train
    and test folders; returns (test id, category_id) per test image, in id order.

    Train keeps every metadata key and its images' ids and file names. Test pairs, concatenated in category order,
    are shuffled by `random.Random(0)` and renumbered: id str(idx), file_name images/<idx // 1000:03>/<idx>.jpg;
    the test metadata.json holds only images, info and licenses.
    """
    metadata = read_metadata(raw_train / "metadata.json", encoding=encoding)
    train, test = split_by_category(pairs_by_category(metadata), small_categories=True)

    train_pairs = [pair for pairs in train.values() for pair in pairs]
    write_metadata(public_train / "metadata.json", {
        **metadata,
        "annotations": [annotation for annotation, _ in train_pairs],
        "images": [image for _, image in train_pairs],
    })
    placed = [(raw_train / image["file_name"], public_train / image["file_name"]) for _, image in train_pairs]

    test_pairs = [pair for pairs in test.values() for pair in pairs]
    random.Random(0).shuffle(test_pairs)
    test_images, rows = [], []
    for idx, (annotation, image) in enumerate(test_pairs):
        file_name = f"images/{idx // 1000:03d}/{idx}.jpg"
        test_images.append({**image, "id": str(idx), "file_name": file_name})
        placed.append((raw_train / image["file_name"], public_test / file_name))
        rows.append((idx, annotation["category_id"]))
    write_metadata(public_test / "metadata.json",
                   {"images": test_images, "info": metadata["info"], "licenses": metadata["licenses"]})
    link_or_copy_many(placed)
    return rows
