"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images/<patient>/<image>.dcm)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes

BEST_SCORE = 1.0
# Train and test rows are images of patients; the answers are per breast (prediction_id).
ID_COLUMN = "patient_id"
ANSWER_COLUMNS = ["cancer"]
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
PATIENTS = 20
COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "cancer", "biopsy", "invasive",
           "BIRADS", "implant", "density", "machine_id", "difficult_negative_case"]


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.csv (14 columns, 4 images per patient), train_images/, and Kaggle's unused test files."""
    patients = [int(p) for p in rng.choice(np.arange(10000, 65535), size=PATIENTS + 1, replace=False)]
    # Every third patient along train_test_split's permutation has a left-breast cancer: the test holds one.
    order = np.random.RandomState(42).permutation(PATIENTS)
    sick = {patients[i] for k, i in enumerate(order) if k % 3 == 0}
    rows = []
    for pid in patients[:PATIENTS]:
        age = float(rng.integers(40, 80)) if rng.random() > 0.2 else np.nan
        site, machine = int(rng.integers(1, 3)), int(rng.choice([21, 29, 48, 49]))
        for laterality in ("L", "R"):
            cancer = int(pid in sick and laterality == "L")
            for view in ("CC", "MLO"):
                rows.append({
                    "site_id": site, "patient_id": pid, "image_id": int(rng.integers(10**8, 2**31 - 1)),
                    "laterality": laterality, "view": view, "age": age, "cancer": cancer, "biopsy": cancer,
                    "invasive": cancer, "BIRADS": np.nan if cancer else float(rng.integers(0, 3)),
                    "implant": 0, "density": rng.choice(["A", "B", "C", "D", ""]), "machine_id": machine,
                    "difficult_negative_case": bool(rng.random() < 0.1),
                })
    train = pd.DataFrame(rows, columns=COLUMNS)
    raw.mkdir(parents=True, exist_ok=True)
    train.to_csv(raw / "train.csv", index=False)
    for pid, image in zip(train["patient_id"], train["image_id"], strict=True):
        _write_dicom(raw / "train_images" / str(pid) / f"{image}.dcm", rng, pid)
    test_pid, test_image = patients[PATIENTS], int(rng.integers(10**8, 2**31 - 1))
    _write_dicom(raw / "test_images" / str(test_pid) / f"{test_image}.dcm", rng, test_pid)
    test = train.iloc[:1][COLUMNS[:6] + ["implant", "machine_id"]].assign(patient_id=test_pid, image_id=test_image)
    test.assign(prediction_id=f"{test_pid}_L").to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"prediction_id": [f"{test_pid}_L"], "cancer": [0.021]}).to_csv(raw / "sample_submission.csv", index=False)


def _write_dicom(path: Path, rng: np.random.Generator, pid: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = rng.integers(0, 2**12, size=(4, 3)).astype(np.uint16)
    path.write_bytes(dicom_bytes(pixels, f"1.2.840.10009.1.2.3.{rng.integers(10**9)}", PatientID=str(pid)))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"cancer": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    mixed = sample.assign(cancer=-0.5)
    mixed.loc[0, "cancer"] = -2.0
    return {
        "all predictions negative": sample.assign(cancer=-0.5),
        "negative predictions of two sizes": mixed,
    }


INVALID_REASONS = {
    "all predictions negative": r"Column 'cancer' must not be negative everywhere",
    "negative predictions of two sizes": r"Column 'cancer' must not be negative everywhere",
}
