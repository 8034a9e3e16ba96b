"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, the dataset information file,
train/<id>.tiff with <id>.json and <id>-anatomical-structure.json, and the unused test/ and sample)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.metrics.segmentation import rle_encode
from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test"  # no public test CSV: the test ids are the stems of test/<id>.tiff
PUBLIC_TRAIN = "train.csv"
INFO_COLUMNS = ["image_file", "width_pixels", "height_pixels", "anatomical_structures_segmention_file",
                "glomerulus_segmentation_file", "patient_number", "race", "ethnicity", "sex", "age",
                "weight_kilograms", "height_centimeters", "bmi_kg/m^2", "laterality", "percent_cortex",
                "percent_medulla"]


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """Kaggle's 15 train images (TIFFs of a few pixels) and 5 test images, as in the real download."""
    ids = [f"{value:09x}" for value in rng.choice(16**9, size=20, replace=False)]
    train_ids, test_ids = ids[:15], ids[15:]
    sizes = {image_id: (int(rng.integers(8, 14)), int(rng.integers(9, 16))) for image_id in ids}  # (height, width)
    for folder, names in (("train", train_ids), ("test", test_ids)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for image_id in names:
            height, width = sizes[image_id]
            (raw / folder / f"{image_id}.tiff").write_bytes(noise_image(rng, (height, width, 3), "TIFF"))
            (raw / folder / f"{image_id}.json").write_text(_polygons(rng, "glomerulus", height, width))
            (raw / folder / f"{image_id}-anatomical-structure.json").write_text(
                _polygons(rng, "Cortex", height, width)
            )
    encodings = [_glomeruli_rle(rng, *sizes[image_id]) for image_id in train_ids]
    pd.DataFrame({"id": train_ids, "encoding": encodings}).to_csv(raw / "train.csv", index=False)
    info = pd.DataFrame([_info_row(rng, image_id, *sizes[image_id]) for image_id in rng.permutation(ids)])
    info[INFO_COLUMNS].to_csv(raw / "HuBMAP-20-dataset_information.csv", index=False)
    pd.DataFrame({"id": test_ids, "predicted": ""}).to_csv(raw / "sample_submission.csv", index=False)


def _glomeruli_rle(rng: np.random.Generator, height: int, width: int) -> str:
    mask = np.zeros((height, width), dtype=bool)
    for _ in range(2):
        top, left = rng.integers(0, height - 2), rng.integers(0, width - 2)
        mask[top:top + rng.integers(1, 4), left:left + rng.integers(1, 4)] = True
    return rle_encode(mask)


def _polygons(rng: np.random.Generator, name: str, height: int, width: int) -> str:
    x, y = int(rng.integers(0, width - 2)), int(rng.integers(0, height - 2))
    ring = [[x, y], [x + 2, y], [x + 2, y + 2], [x, y + 2], [x, y]]
    feature = {"type": "Feature", "id": "PathAnnotationObject",
               "geometry": {"type": "Polygon", "coordinates": [ring]},
               "properties": {"classification": {"name": name, "colorRGB": -3140401}, "isLocked": False,
                              "measurements": []}}
    return json.dumps([feature], indent=2)


def _info_row(rng: np.random.Generator, image_id: str, height: int, width: int) -> dict:
    return {
        "image_file": f"{image_id}.tiff", "width_pixels": width, "height_pixels": height,
        "anatomical_structures_segmention_file": f"{image_id}-anatomical-structure.json",
        "glomerulus_segmentation_file": f"{image_id}.json", "patient_number": int(rng.integers(60000, 70000)),
        "race": "White", "ethnicity": "Not Hispanic or Latino", "sex": str(rng.choice(["Male", "Female"])),
        "age": int(rng.integers(30, 80)), "weight_kilograms": float(np.round(rng.uniform(50, 120), 1)),
        "height_centimeters": float(np.round(rng.uniform(150, 195), 1)),
        "bmi_kg/m^2": float(np.round(rng.uniform(18, 40), 1)), "laterality": str(rng.choice(["Left", "Right"])),
        "percent_cortex": int(rng.integers(50, 100)), "percent_medulla": int(rng.integers(0, 50)),
    }


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "encoding"]].rename(columns={"encoding": "predicted"})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per rule of the spec beyond the schema's generic ones."""
    def with_mask(rle: str) -> pd.DataFrame:
        return sample.assign(predicted=[rle] + [""] * (len(sample) - 1))  # the sample's other rows are empty

    return {
        "starts not ascending": with_mask("20 2 5 2"),
        "start of zero": with_mask("0 3"),
        "length of zero": with_mask("4 0"),
        "overlapping runs": with_mask("4 5 6 2"),
        "a token that is no integer": with_mask("4 two"),
        "five tokens": with_mask("1 1 5 1 9"),
        "masks read as numbers": sample.assign(predicted=3),
    }


_ORDER = r"Run starts must be ascending and positive, lengths positive\."
INVALID_REASONS = {
    "starts not ascending": _ORDER,
    "start of zero": _ORDER,
    "length of zero": _ORDER,
    "overlapping runs": r"Runs of a run-length encoding must not overlap\.",
    "a token that is no integer": r"A run-length encoding must be whole numbers\.",
    "five tokens": r"A run-length encoding must hold start/length pairs\.",
    "masks read as numbers": r"A run-length encoding must be text\.",
}
