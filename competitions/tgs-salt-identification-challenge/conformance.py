"""Answers to the conformance suite: tiny raw data in Kaggle's layout (competition_data.zip holding train.csv,
train/images and train/masks PNGs and the unused test images; depths.csv and sample_submission.csv beside it)."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pytest_mlebench.metrics.segmentation import rle_encode
from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
# No public test CSV: the test ids are the file stems of test/images/.
PUBLIC_TEST = "test/images"
PUBLIC_TRAIN = "train.csv"
SIDE = 101  # the grader decodes every RLE at 101x101; the synthetic PNGs are smaller (5x5)


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    ids = [f"{value:010x}" for value in rng.choice(16**10, size=rows + 3, replace=False)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    masks = [_salt_rle(rng) if k % 3 else "" for k in range(rows)]
    members = {"competition_data/train.csv": pd.DataFrame({"id": train_ids, "rle_mask": masks}).to_csv(index=False)}
    for image_id in train_ids:
        members[f"competition_data/train/images/{image_id}.png"] = noise_image(rng, (5, 5), "PNG")
        members[f"competition_data/train/masks/{image_id}.png"] = _mask_png(rng)
    for image_id in test_ids:
        members[f"competition_data/test/images/{image_id}.png"] = noise_image(rng, (5, 5), "PNG")
    raw.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(raw / "competition_data.zip", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    depths = pd.DataFrame({"id": list(rng.permutation(ids)), "z": rng.integers(50, 960, size=len(ids))})
    depths.to_csv(raw / "depths.csv", index=False)
    pd.DataFrame({"id": test_ids, "rle_mask": "1 1"}).to_csv(raw / "sample_submission.csv", index=False)


def _salt_rle(rng: np.random.Generator) -> str:
    """A rectangle of salt somewhere in the 101x101 image, as an RLE."""
    mask = np.zeros((SIDE, SIDE), dtype=bool)
    top, left = rng.integers(0, 90, size=2)
    mask[top:top + rng.integers(1, 12), left:left + rng.integers(1, 12)] = True
    return rle_encode(mask)


def _mask_png(rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray((rng.random((5, 5)) > 0.5).astype(np.uint8) * 255).save(buffer, format="PNG")
    return buffer.getvalue()


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "rle_mask"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per rule of the spec beyond the schema's generic ones."""
    def with_mask(rle: str) -> pd.DataFrame:
        return sample.assign(rle_mask=[rle, *sample["rle_mask"].iloc[1:]])

    return {
        "starts not ascending": with_mask("20 2 5 2"),
        "start of zero": with_mask("0 3"),
        "length of zero": with_mask("4 0"),
        "overlapping runs": with_mask("4 5 6 2"),
        "a token that is no integer": with_mask("4 2.5"),
        "five tokens": with_mask("1 1 5 1 9"),
        "masks read as numbers": sample.assign(rle_mask=7),
    }


_ORDER = r"Run starts must be ascending and positive, lengths positive\."
INVALID_REASONS = {
    "starts not ascending": _ORDER,
    "start of zero": _ORDER,
    "length of zero": _ORDER,
    "overlapping runs": r"Runs of a run-length encoding must not overlap\.",
    "a token that is no integer": r"A run-length encoding must be whole numbers\.",
    "five tokens": r"A run-length encoding must hold start/length pairs\.",
    "masks read as numbers": r"Column 'rle_mask' must hold run-length encodings as text\.",
}
