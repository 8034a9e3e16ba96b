"""Answers to the conformance suite: tiny raw data in Kaggle's layout (COCO-style JSON indexes, images in tar.gz)."""

import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 0.0
PUBLIC_TEST = "test2019.json"
PUBLIC_TRAIN = "train2019.json"
# Images per category: one (train only), two to four (the last one to test), five or more (train_test_split).
CATEGORY_SIZES = {400: 1, 7: 2, 12: 3, 901: 4, 55: 5, 3: 7, 610: 9, 88: 6}
SUPERCATEGORIES = ["Plants", "Birds", "Insects", "Reptiles"]
INFO = {"year": 2019, "version": "1.0", "description": "iNat2019", "contributor": "iNaturalist",
        "url": "https://www.inaturalist.org", "date_created": "2019-03-01"}
LICENSES = [{"id": 0, "name": "Attribution-NonCommercial License", "url": "http://creativecommons.org/licenses/by-nc/4.0/"}]


def _records(rng: np.random.Generator, categories: list[int], first_id: int, prefix: str) -> tuple[list, list]:
    images, annotations = [], []
    for offset, category in enumerate(categories):
        image_id = first_id + offset
        superclass = SUPERCATEGORIES[category % len(SUPERCATEGORIES)]
        images.append({
            "license": 0, "id": image_id, "width": 5, "height": 4,
            "file_name": f"{prefix}/{superclass}/{category}/{rng.integers(2**62):032x}.jpg",
            "rights_holder": f"user {image_id % 5}", "date_captured": "2018-06-01 12:00:00+00:00",
        })
        annotations.append({"id": image_id, "image_id": image_id, "category_id": category})
    return images, annotations


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train2019.json, val2019.json, train_val2019.tar.gz, and Kaggle's unused test2019 files and sample."""
    raw.mkdir(parents=True, exist_ok=True)
    labels = [category for category, size in CATEGORY_SIZES.items() for _ in range(size)]
    labels = [labels[i] for i in rng.permutation(len(labels))]  # categories interleaved, as in Kaggle's file
    categories = [{"id": c, "name": f"species {c}", "kingdom": "Animalia", "supercategory":
                   SUPERCATEGORIES[c % len(SUPERCATEGORIES)]} for c in sorted(CATEGORY_SIZES)]
    train_images, train_annotations = _records(rng, labels, 0, "train_val2019")
    val_images, val_annotations = _records(rng, sorted(CATEGORY_SIZES), len(labels), "train_val2019")
    for name, images, annotations in (("train2019.json", train_images, train_annotations),
                                      ("val2019.json", val_images, val_annotations)):
        document = {"info": INFO, "images": images, "licenses": LICENSES, "annotations": annotations,
                    "categories": categories}
        (raw / name).write_text(json.dumps(document))
    _tar_images(raw / "train_val2019.tar.gz", [image["file_name"] for image in train_images + val_images], rng)
    test_images = [{"license": 0, "id": n, "width": 5, "height": 4, "file_name": f"test2019/{n:032x}.jpg"}
                   for n in range(3)]
    (raw / "test2019.json").write_text(json.dumps({"info": INFO, "images": test_images, "licenses": LICENSES}))
    _tar_images(raw / "test2019.tar.gz", [image["file_name"] for image in test_images], rng)
    pd.DataFrame({"id": range(3), "predicted": 0}).to_csv(raw / "kaggle_sample_submission.csv", index=False)


def _tar_images(path: Path, names: list[str], rng: np.random.Generator) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            data = noise_image(rng, (4, 5, 3), "JPEG")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "predicted"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies: cells int() cannot read."""
    with_nan = sample.assign(predicted=sample["predicted"].astype(float))
    with_nan.loc[0, "predicted"] = np.nan
    return {
        "empty predicted cell": with_nan,
        "float category": sample.assign(predicted=3.0),
        "category as a decimal text": sample.assign(predicted="3.0 5"),
        "no category id": sample.assign(predicted="cat"),
        "category id beyond int64": sample.assign(predicted="1" + "0" * 30 + " 5"),
    }


_REASON = r"Column 'predicted' must hold category ids: an integer, or space-separated integers \(the first counts\)\."
INVALID_REASONS = {name: _REASON for name in
                   ("empty predicted cell", "float category", "category as a decimal text", "no category id")}
INVALID_REASONS["category id beyond int64"] = r"Column 'predicted' must hold category ids within the int64 range\."
