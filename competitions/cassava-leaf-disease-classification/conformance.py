"""Answers to the conformance suite: tiny raw data in Kaggle's layout (16 TFRecord shards, train.csv, train_images/)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.tfrecord import write_examples
from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test_images"  # no public CSV lists the test ids; the image folder does
PUBLIC_TRAIN = "train_images"
SHARDS = 16
DISEASES = {
    "0": "Cassava Bacterial Blight (CBB)",
    "1": "Cassava Brown Streak Disease (CBSD)",
    "2": "Cassava Green Mottle (CGM)",
    "3": "Cassava Mosaic Disease (CMD)",
    "4": "Healthy",
}


def make_raw(raw: Path, rng: np.random.Generator, per_shard: int = 2) -> None:
    """raw/train_tfrecords/ld_train<NN>-<count>.tfrec, train.csv, train_images/, label_num_to_disease_map.json,
    and Kaggle's unused test_tfrecords/, test_images/ and sample_submission.csv."""
    rows = SHARDS * per_shard
    ids = [f"{n}.jpg" for n in dict.fromkeys(rng.integers(10**9, 5 * 10**9, size=rows + 1))]
    ids, kaggle_test_id = ids[:rows], ids[rows]
    labels = rng.integers(0, 5, size=rows)
    images = {image_id: noise_image(rng, (4, 4, 3), "JPEG") for image_id in [*ids, kaggle_test_id]}
    for folder in ("train_tfrecords", "train_images", "test_tfrecords", "test_images"):
        (raw / folder).mkdir(parents=True, exist_ok=True)
    for shard in range(SHARDS):
        members = range(shard * per_shard, (shard + 1) * per_shard)
        write_examples(raw / "train_tfrecords" / f"ld_train{shard:02d}-{per_shard}.tfrec", [
            {"image": [images[ids[i]]], "image_name": [ids[i]], "target": [int(labels[i])]} for i in members
        ])
    write_examples(raw / "test_tfrecords" / "ld_test00-1.tfrec",
                   [{"image": [images[kaggle_test_id]], "image_name": [kaggle_test_id]}])
    for image_id, data in images.items():
        (raw / ("test_images" if image_id == kaggle_test_id else "train_images") / image_id).write_bytes(data)
    # Kaggle's train.csv is not in shard order.
    order = rng.permutation(rows)
    pd.DataFrame({"image_id": np.array(ids)[order], "label": labels[order]}).to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"image_id": [kaggle_test_id], "label": [4]}).to_csv(raw / "sample_submission.csv", index=False)
    (raw / "label_num_to_disease_map.json").write_text(json.dumps(DISEASES) + "\n")


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies: labels scikit-learn refuses."""
    def with_first(value) -> pd.DataFrame:
        frame = sample.astype({"label": object})
        frame.loc[0, "label"] = value
        return frame

    return {
        "fractional label": with_first(2.5),
        "text label": with_first("mosaic"),
        "infinite label": with_first(np.inf),
    }


SKLEARN_REFUSAL = r"Column 'label' must hold whole-number classes \(text or fractional numbers cannot be compared\)\."
INVALID_REASONS = {"fractional label": SKLEARN_REFUSAL, "text label": SKLEARN_REFUSAL, "infinite label": SKLEARN_REFUSAL}
