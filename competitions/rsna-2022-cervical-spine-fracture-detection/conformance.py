"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_bounding_boxes.csv,
segmentations/<uid>.nii, train_images/<uid>/<slice>.dcm)."""

import struct
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes

BEST_SCORE = 0.0
ID_COLUMN = "StudyInstanceUID"  # public train.csv and test.csv share it; row_id exists only on the test side
ANSWER_COLUMNS = ["fractured"]  # the answers also carry the public StudyInstanceUID and prediction_type
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
VERTEBRAE = [f"C{n}" for n in range(1, 8)]


def nifti_bytes(voxels: np.ndarray) -> bytes:
    """A minimal single-file NIfTI-1 image (.nii) of uint8 voxels: 348-byte header, 4 empty extension bytes, data."""
    header = bytearray(352)
    struct.pack_into("<i", header, 0, 348)
    struct.pack_into("<8h", header, 40, voxels.ndim, *voxels.shape, *[1] * (7 - voxels.ndim))
    struct.pack_into("<hh", header, 70, 2, 8)  # datatype uint8, 8 bits per voxel
    struct.pack_into("<8f", header, 76, 1, 1, 1, 1, 0, 0, 0, 0)
    struct.pack_into("<f", header, 108, 352.0)  # vox_offset
    header[344:348] = b"n+1\0"
    return bytes(header) + np.asarray(voxels, dtype=np.uint8).tobytes(order="F")


def _studies(rng: np.random.Generator, count: int) -> list[str]:
    return [f"1.2.826.0.1.3680043.{n}" for n in rng.choice(np.arange(1000, 32000), size=count, replace=False)]


def _images(folder: Path, uids: list[str], rng: np.random.Generator) -> None:
    for uid in uids:
        (folder / uid).mkdir(parents=True, exist_ok=True)
        for number in range(1, int(rng.integers(2, 4))):
            pixels = rng.integers(0, 4096, size=(4, 4), dtype=np.uint16)
            (folder / uid / f"{number}.dcm").write_bytes(dicom_bytes(pixels, f"{uid}.{number}"))


def make_raw(raw: Path, rng: np.random.Generator, studies: int = 50) -> None:
    """raw/train.csv, train_bounding_boxes.csv (20 studies), segmentations/ (15, 10 of them with boxes),
    train_images/, and Kaggle's unused test.csv, test_images/ and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    uids = _studies(rng, studies + 1)
    uids, test_uid = uids[:studies], uids[studies]
    labels = rng.integers(0, 2, size=(studies, 7))
    train = pd.DataFrame({"StudyInstanceUID": uids, "patient_overall": labels.max(axis=1),
                          **dict(zip(VERTEBRAE, labels.T, strict=True))})
    train.to_csv(raw / "train.csv", index=False)
    order = rng.permutation(studies)
    with_boxes = [uids[i] for i in order[:20]]
    with_masks = [uids[i] for i in order[10:25]]
    boxes = pd.DataFrame([
        {"StudyInstanceUID": uid, "x": float(rng.integers(100, 300)), "y": float(rng.integers(100, 300)),
         "width": float(rng.integers(10, 60)), "height": float(rng.integers(10, 60)), "slice_number": n}
        for uid in with_boxes for n in range(int(rng.integers(1, 3)))
    ])
    boxes.to_csv(raw / "train_bounding_boxes.csv", index=False)
    (raw / "segmentations").mkdir(exist_ok=True)
    for uid in with_masks:
        (raw / "segmentations" / f"{uid}.nii").write_bytes(nifti_bytes(rng.integers(0, 8, size=(3, 3, 2))))
    _images(raw / "train_images", uids, rng)
    _images(raw / "test_images", [test_uid], rng)
    pd.DataFrame({"StudyInstanceUID": test_uid, "prediction_type": ["C1", "C2", "C3"]}).to_csv(
        raw / "test.csv", index=False)
    pd.DataFrame({"row_id": [f"{test_uid}_{v}" for v in ("C1", "C2", "C3")], "fractured": 0.5}).to_csv(
        raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["row_id", "fractured"]].astype({"fractured": float})
