"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train/<Image>.jpg)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test"  # no public test CSV: the image folder names the test images
PUBLIC_TRAIN = "train"
# Images per whale: new_whale, whales of two to four images, and 12 single-image whales (numpy's default_rng(0)
# sends the 6th and the 10th to test).
WHALE_SIZES = {"new_whale": 9, "w_1287fbc": 4, "w_98baff9": 3, "w_7554f44": 2, "w_1eafe46": 2, "w_0a0c768": 3,
               **{f"w_{n:07x}": 1 for n in range(0x1a2b3c0, 0x1a2b3cc)}}


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.csv (Image, Id), raw/train/<Image>, and Kaggle's unused test/ and sample_submission.csv."""
    ids = [whale for whale, size in WHALE_SIZES.items() for _ in range(size)]
    ids = [ids[i] for i in rng.permutation(len(ids))]
    images = [f"{value:08x}.jpg" for value in rng.choice(16**8, size=len(ids) + 3, replace=False)]
    raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"Image": images[:len(ids)], "Id": ids}).to_csv(raw / "train.csv", index=False)
    for folder, names in (("train", images[:len(ids)]), ("test", images[len(ids):])):
        (raw / folder).mkdir(exist_ok=True)
        for name in names:
            (raw / folder / name).write_bytes(noise_image(rng, (4, 6, 3), "JPEG"))
    pd.DataFrame({"Image": images[len(ids):], "Id": "new_whale w_23a388d w_9b5109b w_9c506f6 w_0369a5c"}).to_csv(
        raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Image", "Id"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's column rule by another route: Kaggle's header misspelt."""
    return {"Whale instead of Id": sample.rename(columns={"Id": "Whale"})}


INVALID_REASONS = {"Whale instead of Id": r"Submission is missing column\(s\) \['Id'\]\."}
