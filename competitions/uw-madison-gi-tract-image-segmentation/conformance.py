"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv with three organ rows per slice,
train/<case>/<case>_<day>/scans/slice_<n>_<width>_<height>_<sx>_<sy>.png as 16-bit PNGs)."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pytest_mlebench.metrics.segmentation import rle_encode

CLASSES = ["large_bowel", "small_bowel", "stomach"]
SIZES = [(8, 8), (10, 7), (9, 11)]  # (width, height); Kaggle's are 266x266, 234x234, 276x276 and 310x360
BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
# The answers also carry the public class column; these are the answer columns.
ANSWER_COLUMNS = ["predicted", "image_width", "image_height"]


def make_raw(raw: Path, rng: np.random.Generator, cases: int = 10) -> None:
    """Ten cases; the first three have six days each, so that their 5th and 6th days go to the test set."""
    numbers = rng.choice(np.arange(1, 160), size=cases, replace=False)
    rows = []
    for k, number in enumerate(numbers):
        case = f"case{number}"
        width, height = SIZES[k % len(SIZES)]
        day_count = 6 if k < 3 else int(rng.integers(1, 4))
        for day in sorted(rng.choice(np.arange(0, 40), size=day_count, replace=False), key=str):
            folder = raw / "train" / case / f"{case}_day{day}" / "scans"
            folder.mkdir(parents=True, exist_ok=True)
            for slice_number in (1, 2):
                name = f"slice_{slice_number:04d}_{width}_{height}_1.50_1.50.png"
                (folder / name).write_bytes(_scan_png(rng, width, height))
                for organ in CLASSES:
                    rle = _organ_rle(rng, height, width) if rng.random() < 0.5 else ""
                    rows.append({"id": f"{case}_day{day}_slice_{slice_number:04d}", "class": organ,
                                 "segmentation": rle})
    pd.DataFrame(rows).to_csv(raw / "train.csv", index=False)


def _scan_png(rng: np.random.Generator, width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 2**12, size=(height, width), dtype=np.uint16)).save(buffer, format="PNG")
    return buffer.getvalue()


def _organ_rle(rng: np.random.Generator, height: int, width: int) -> str:
    mask = np.zeros((height, width), dtype=bool)
    top, left = rng.integers(0, height - 1), rng.integers(0, width - 1)
    mask[top:top + rng.integers(1, 4), left:left + rng.integers(1, 4)] = True
    return rle_encode(mask)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "class", "predicted"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per rule of the spec beyond the schema's generic ones."""
    def with_mask(rle: str) -> pd.DataFrame:
        return sample.assign(predicted=[rle, *sample["predicted"].iloc[1:]])

    sizes = list(zip(answers["image_height"], answers["image_width"], strict=True))
    other = next(i for i, size in enumerate(sizes) if size != sizes[0])
    order = list(range(len(sample)))
    order[0], order[other] = other, 0
    return {
        "missing class": sample.drop(columns=["class"]),
        "starts not ascending": with_mask("20 2 5 2"),
        "start of zero": with_mask("0 3"),
        "length of zero": with_mask("4 0"),
        "overlapping runs": with_mask("4 5 6 2"),
        "a token that is no integer": with_mask("4 x"),
        "five tokens": with_mask("1 1 5 1 9"),
        "masks read as numbers": sample.assign(predicted=3),
        "ids read as numbers": sample.assign(id=range(len(sample))),
        "rows swapped across image sizes": sample.iloc[order],
    }


_ORDER = r"Run starts must be ascending and positive, lengths positive\."
INVALID_REASONS = {
    "missing class": r"Submission is missing column\(s\) \['class'\]\.",
    "starts not ascending": _ORDER,
    "start of zero": _ORDER,
    "length of zero": _ORDER,
    "overlapping runs": r"Runs of a run-length encoding must not overlap\.",
    "a token that is no integer": r"A run-length encoding must be whole numbers\.",
    "five tokens": r"A run-length encoding must hold start/length pairs\.",
    "masks read as numbers": r"A run-length encoding must be text\.",
    "ids read as numbers": r"Column 'id' must hold slice ids",
    "rows swapped across image sizes": r"decoded at different sizes: rows must follow test\.csv's order\.",
}
