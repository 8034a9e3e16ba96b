"""Contrails: as many of Kaggle's train records as the validation set holds become the test set; its pixel
masks become run-length encoded answers; band files placed by side."""

import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy, link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.metrics import rle_encode

BANDS = [f"band_{n:02d}.npy" for n in range(8, 17)]
MASKS = ["human_individual_masks.npy", "human_pixel_masks.npy"]


def _answer_row(record: Path, record_id: str) -> dict:
    """The record's pixel mask as a column-major 1-based RLE ('-' when empty) and the frame's height and width."""
    mask = np.load(record / "human_pixel_masks.npy")
    height, width = np.load(record / "band_08.npy", mmap_mode="r").shape[:2]
    encoded = rle_encode(mask[:, :, 0] == 1)
    return {"record_id": record_id, "encoded_pixels": encoded or "-", "height": height, "width": width}


def prepare(raw: Path, public: Path, private: Path) -> None:
    if not (raw / "train").is_dir():
        raise PrerequisiteError(f"{raw / 'train'} is missing: extract Kaggle's download into {raw}.")
    train_metadata = json.loads((raw / "train_metadata.json").read_text())
    validation_metadata = json.loads((raw / "validation_metadata.json").read_text())
    new_train, new_test = train_test_split(train_metadata, test_size=len(validation_metadata), random_state=0)

    answers = pd.DataFrame([_answer_row(raw / "train" / r["record_id"], r["record_id"]) for r in new_test])
    pairs = [(raw / "train" / r["record_id"] / name, public / "train" / r["record_id"] / name)
             for r in new_train for name in BANDS + MASKS]
    pairs += [(raw / "train" / r["record_id"] / name, public / "test" / r["record_id"] / name)
              for r in new_test for name in BANDS]
    (raw / "validation").mkdir(exist_ok=True)
    (public / "validation").mkdir(exist_ok=True)
    pairs += [(path, public / "validation" / path.relative_to(raw / "validation"))
              for path in sorted((raw / "validation").rglob("*")) if path.is_file()]
    link_or_copy_many(pairs)
    link_or_copy(raw / "validation_metadata.json", public / "validation_metadata.json")

    (public / "train_metadata.json").write_text(json.dumps(new_train))
    answers.to_csv(private / "answers.csv", index=False)
    # MLE-bench seeds Python's global random with 0; a private Random(0) draws the same choices.
    rng = random.Random(0)
    sample = answers.copy()
    sample["encoded_pixels"] = [rng.choice(["1 3 10 5", "-"]) for _ in range(len(sample))]
    sample.to_csv(public / "sample_submission.csv", index=False)
