"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images/<label>/<id>.jpg)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
# No public test CSV: the test ids are the image names in test_images/; train's are under train_images/<label>/.
PUBLIC_TEST = "test_images"
PUBLIC_TRAIN = "train_images"
ANSWER_COLUMNS = ["label"]

LABELS = ["bacterial_leaf_blight", "bacterial_leaf_streak", "bacterial_panicle_blight", "blast", "brown_spot",
          "dead_heart", "downy_mildew", "hispa", "normal", "tungro"]
VARIETIES = ["ADT45", "IR20", "KarnatakaPonni", "Onthanel", "Ponni", "Surya", "Zonal", "AndraPonni"]


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 24) -> None:
    """raw/train.csv (image_id, label, variety, age), raw/train_images/<label>/<image_id>, and Kaggle's
    sample_submission.csv and unused test_images/."""
    ids = [f"{value}.jpg" for value in rng.choice(np.arange(100000, 111000), size=rows + 4, replace=False)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    frame = pd.DataFrame({
        "image_id": train_ids,
        "label": [LABELS[i] for i in rng.integers(0, len(LABELS), size=rows)],
        "variety": [VARIETIES[i] for i in rng.integers(0, len(VARIETIES), size=rows)],
        "age": rng.integers(45, 83, size=rows),
    })
    raw.mkdir(parents=True, exist_ok=True)
    frame.to_csv(raw / "train.csv", index=False)
    for image_id, label in zip(frame["image_id"], frame["label"], strict=True):
        (raw / "train_images" / label).mkdir(parents=True, exist_ok=True)
        (raw / "train_images" / label / image_id).write_bytes(noise_image(rng, (4, 3, 3), "JPEG"))
    (raw / "test_images").mkdir()
    for image_id in test_ids:
        (raw / "test_images" / image_id).write_bytes(noise_image(rng, (4, 3, 3), "JPEG"))
    pd.DataFrame({"image_id": test_ids, "label": ""}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_id", "label"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"class numbers as labels": sample.assign(label=3)}


INVALID_REASONS = {"class numbers as labels": r"Column 'label' must hold disease names \(text\), not numbers\."}
