"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_labels.csv, one DICOM per MRI series)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes

BEST_SCORE = 1.0
ID_COLUMN = "BraTS21ID"
# Case folders are the only public listing of test ids; train ids are read the same way so both are padded text.
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"
IDS_ARE_FOLDERS = True  # public train/ and test/ hold one folder per id
SERIES = ("FLAIR", "T1w", "T1wCE", "T2w")
ROWS = 20


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train_labels.csv, raw/train/<id>/<series>/Image-<n>.dcm, and Kaggle's unused test/ and sample."""
    # Labels alternate along train_test_split's permutation, so the 2-case test set holds both classes.
    order = np.random.RandomState(0).permutation(ROWS)
    label = np.empty(ROWS, dtype=int)
    label[order] = np.arange(ROWS) % 2
    cases = sorted(int(v) for v in rng.choice(1000, size=ROWS + 2, replace=False))
    train_cases, test_cases = [f"{c:05d}" for c in cases[:ROWS]], [f"{c:05d}" for c in cases[ROWS:]]
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "train_labels.csv").write_text(
        "BraTS21ID,MGMT_value\n" + "".join(f"{c},{v}\n" for c, v in zip(train_cases, label, strict=True))
    )
    for side, group in (("train", train_cases), ("test", test_cases)):
        for case in group:
            for series in SERIES:
                folder = raw / side / case / series
                folder.mkdir(parents=True)
                for n in (1, 2):
                    uid = f"1.2.826.0.1.3680043.8.498.{rng.integers(10**9)}"
                    pixels = rng.integers(0, 2**12, size=(3, 3)).astype(np.uint16)
                    (folder / f"Image-{n}.dcm").write_bytes(dicom_bytes(pixels, uid, PatientID=case))
    pd.DataFrame({"BraTS21ID": test_cases, "MGMT_value": 0.5}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"MGMT_value": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"MGMT_value below 0": sample.assign(MGMT_value=-0.1)}


INVALID_REASONS = {"MGMT_value below 0": r"Column 'MGMT_value' must be within \[0, 1\]\."}
