"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images/<chain>/<image>)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 1.0
PUBLIC_TEST = "test_images"  # no public CSV lists the test ids; the flat image folder does
PUBLIC_TRAIN = "train_images"  # both sides as image file stems (train.csv names them with .jpg)
DUPLICATED_IMAGE = "ce27d36c9147cc19.jpg"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv (image, chain, hotel_id, timestamp) with Kaggle's doubly listed image, train_images/<chain>/,
    and Kaggle's unused test_images/ and sample_submission.csv."""
    images = [f"{value:016x}.jpg" for value in rng.integers(2**60, 2**63, size=rows)]
    chains = rng.choice([0, 3, 17, 88], size=rows)
    hotels = {0: [21, 4003], 3: [99, 60181], 17: [36363, 777], 88: [5]}
    frame = pd.DataFrame({
        "image": images,
        "chain": chains,
        "hotel_id": [hotels[int(c)][int(rng.integers(len(hotels[int(c)])))] for c in chains],
        "timestamp": [f"2018-{m:02d}-{d:02d} 1{h}:0{h}:3{h}" for m, d, h in rng.integers(1, 10, size=(rows, 3))],
    })
    duplicate = pd.DataFrame({"image": [DUPLICATED_IMAGE] * 2, "chain": [3, 3], "hotel_id": [99, 99],
                              "timestamp": ["2019-01-01 10:00:00", "2019-01-02 11:00:00"]})
    frame = pd.concat([frame.iloc[:5], duplicate, frame.iloc[5:]], ignore_index=True)
    for row in frame.itertuples():
        (raw / "train_images" / str(row.chain)).mkdir(parents=True, exist_ok=True)
        (raw / "train_images" / str(row.chain) / row.image).write_bytes(noise_image(rng, (4, 4, 3), "JPEG"))
    frame.to_csv(raw / "train.csv", index=False)
    (raw / "test_images").mkdir(exist_ok=True)
    (raw / "test_images" / "abc0000000000001.jpg").write_bytes(noise_image(rng, (4, 4, 3), "JPEG"))
    pd.DataFrame({"image": ["abc0000000000001.jpg"], "hotel_id": ["36363 53586 18807 64314 60181"]}).to_csv(
        raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["image", "hotel_id"]].assign(hotel_id=answers["hotel_id"].astype(str) + " 1 2 3 4")


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"one row too many": pd.concat([sample, sample.iloc[:1]], ignore_index=True)}


INVALID_REASONS = {"one row too many": ROW_COUNT}
