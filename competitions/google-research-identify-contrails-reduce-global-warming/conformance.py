"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_metadata.json,
validation_metadata.json, train/<record_id>/ and validation/<record_id>/ holding .npy bands and masks)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"
IDS_ARE_FOLDERS = True  # public train/ and test/ hold one folder per id
HEIGHT, WIDTH, TIMES = 6, 5, 8
BANDS = [f"band_{n:02d}.npy" for n in range(8, 17)]


def _record(folder: Path, rng: np.random.Generator, labelled: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in BANDS:
        np.save(folder / name, rng.normal(250, 20, size=(HEIGHT, WIDTH, TIMES)).astype(np.float16))
    if labelled:
        individual = (rng.random((HEIGHT, WIDTH, 1, 3)) < 0.25).astype(np.uint8)
        np.save(folder / "human_individual_masks.npy", individual)
        pixel = (individual.mean(axis=3) > 0.5).astype(np.int32)
        np.save(folder / "human_pixel_masks.npy", pixel)


def _metadata(record_id: str, rng: np.random.Generator) -> dict:
    return {"record_id": record_id, "projection_wkt": "PROJCS[\"unknown\",GEOGCS[\"unknown\"]]",
            "row_min": round(float(rng.uniform(-4e6, 4e6)), 3), "row_size": 2000.0,
            "col_min": round(float(rng.uniform(-4e6, 4e6)), 3), "col_size": 2000.0,
            "timestamp": float(rng.integers(1_555_000_000, 1_620_000_000))}


def make_raw(raw: Path, rng: np.random.Generator, records: int = 20, validation: int = 4) -> None:
    """raw/train_metadata.json, validation_metadata.json, train/, validation/, and the unused test/ and sample."""
    raw.mkdir(parents=True, exist_ok=True)
    ids = [str(n) for n in rng.integers(10**18, 9 * 10**18, size=records + validation + 1)]  # 19 digits
    for side, chosen in (("train", ids[:records]), ("validation", ids[records:-1])):
        (raw / f"{side}_metadata.json").write_text(json.dumps([_metadata(i, rng) for i in chosen]))
        for record_id in chosen:
            _record(raw / side / record_id, rng)
    _record(raw / "test" / ids[-1], rng, labelled=False)
    pd.DataFrame({"record_id": [ids[-1]], "encoded_pixels": ["-"]}).to_csv(raw / "sample_submission.csv",
                                                                          index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["record_id", "encoded_pixels"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Encodings MLE-bench's rle_decode refuses (assertions, int(), pairs); empty cells are a generic case."""
    def with_rle(rle: str) -> pd.DataFrame:
        out = sample.copy()
        out.loc[0, "encoded_pixels"] = rle
        return out

    return {
        "unsorted starts": with_rle("10 2 1 3"),
        "start at zero": with_rle("0 3"),
        "zero length": with_rle("1 0"),
        "overlapping runs": with_rle("1 5 3 2"),
        "non-integer token": with_rle("1 2.5"),
        "unpaired start": with_rle("1 2 7 1 9"),
    }


_ORDER = r"Run starts must be ascending and positive, lengths positive\."
INVALID_REASONS = {
    "unsorted starts": _ORDER,
    "start at zero": _ORDER,
    "zero length": _ORDER,
    "overlapping runs": r"Runs of a run-length encoding must not overlap\.",
    "non-integer token": r"A run-length encoding must be whole numbers\.",
    "unpaired start": r"A run-length encoding must hold start/length pairs\.",
}
