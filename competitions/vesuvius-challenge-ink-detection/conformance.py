"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train/<n>/ fragments of PNG and TIFF files)."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pytest_mlebench.metrics.segmentation import rle_encode
from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 1.0
ID_COLUMN = "Id"
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"
IDS_ARE_FOLDERS = True  # public train/ and test/ hold one folder per id
WIDTH, HEIGHT, LAYERS = 9, 6, 3


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train/{1,2,3}/ (mask.png, ir.png, inklabels.png, inklabels_rle.csv, surface_volume/NN.tif), raw/test/."""
    for fragment in ("1", "2", "3"):
        folder = raw / "train" / fragment
        (folder / "surface_volume").mkdir(parents=True)
        ink = rng.random((HEIGHT, WIDTH)) < 0.3
        # Pixels 1 and 5 of the first row stay dry, so the sample submission ('1 1 5 1') scores 0.
        ink[0, :5] = False
        ink[HEIGHT // 2, 2:6] = True
        _png(folder / "inklabels.png", ink.astype(np.uint8) * 255)
        # Kaggle's RLE numbers pixels row by row: rle_encode numbers the columns of its input, so it gets ink.T.
        pd.DataFrame({"Id": [int(fragment)], "Predicted": [rle_encode(ink.T)]}).to_csv(
            folder / "inklabels_rle.csv", index=False)
        _png(folder / "mask.png", np.full((HEIGHT, WIDTH), 255, dtype=np.uint8))
        (folder / "ir.png").write_bytes(noise_image(rng, (HEIGHT, WIDTH), "PNG"))
        for layer in range(LAYERS):
            (folder / "surface_volume" / f"{layer:02d}.tif").write_bytes(_tif(rng))
    test = raw / "test" / "a"
    (test / "surface_volume").mkdir(parents=True)
    _png(test / "mask.png", np.full((HEIGHT, WIDTH), 255, dtype=np.uint8))
    (test / "surface_volume" / "00.tif").write_bytes(_tif(rng))
    (raw / "sample_submission.csv").write_text("Id,Predicted\na,1 1 5 1\nb,1 1 5 1\n")


def _png(path: Path, pixels: np.ndarray) -> None:
    Image.fromarray(pixels).save(path, format="PNG")


def _tif(rng: np.random.Generator) -> bytes:
    """A 16-bit greyscale TIFF layer, as Kaggle's surface volumes are."""
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 2**16, size=(HEIGHT, WIDTH), dtype=np.uint16)).save(buffer, format="TIFF")
    return buffer.getvalue()


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Predicted"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {
        "two rows": pd.concat([sample, sample]),
        "wrong Id": sample.assign(Id="b"),
        "empty Predicted": sample.assign(Predicted=np.nan),
        "number as Predicted": sample.assign(Predicted=5),
        "unsorted starts": sample.assign(Predicted="5 1 1 1"),
        "zero start": sample.assign(Predicted="0 2"),
        "zero length": sample.assign(Predicted="1 0"),
        "overlapping runs": sample.assign(Predicted="1 3 2 2"),
        "non-integer token": sample.assign(Predicted="1 1.5"),
        "five tokens": sample.assign(Predicted="1 1 5 1 9"),
    }


RLE_ORDER = r"Run starts must be ascending and positive, lengths positive\."
INVALID_REASONS = {
    "two rows": ROW_COUNT,
    "wrong Id": r"Submission's 'Id' values do not match the test set's ids",
    "empty Predicted": r"Column 'Predicted' must not have empty values\.",
    "number as Predicted": r"A run-length encoding must be text\.",
    "unsorted starts": RLE_ORDER,
    "zero start": RLE_ORDER,
    "zero length": RLE_ORDER,
    "overlapping runs": r"Runs of a run-length encoding must not overlap\.",
    "non-integer token": r"A run-length encoding must be whole numbers\.",
    "five tokens": r"A run-length encoding must hold start/length pairs\.",
}
