"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv of radiologists' boxes, train/*.dicom)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes

IMAGES = 20
PREPARE_CONSTANTS = {"TRAIN_IMAGES": 18, "TEST_IMAGES": 2}
# Both test images carry classes 0 and 3. The perfect submission's first box matches truth annotation 0, which
# pycocotools cannot record as a match: class 0 gets AP 0.5 at the 51 recall points up to 0.5 (51 * 0.5 / 101),
# class 3 gets 1.
BEST_SCORE = (51 * 0.5 / 101 + 1) / 2
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train.csv"
CLASSES = {0: "Aortic enlargement", 3: "Cardiomegaly", 10: "Pleural effusion", 11: "Pleural thickening",
           13: "Pulmonary fibrosis", 14: "No finding"}
RADIOLOGISTS = ["R8", "R9", "R10"]


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.csv (one row per radiologist's finding), raw/train/<image_id>.dicom, Kaggle's unused test files."""
    ids = [rng.bytes(16).hex() for _ in range(IMAGES + 1)]
    test_positions = set(np.random.RandomState(0).permutation(IMAGES)[:PREPARE_CONSTANTS["TEST_IMAGES"]])
    rows = []
    for k, image in enumerate(ids[:IMAGES]):
        if k in test_positions:
            classes = [3, 0]
        elif k % 3 == 0:
            classes = [14]
        else:
            classes = [int(c) for c in rng.choice([0, 3, 10, 11, 13], size=2, replace=False)]
        for rad in RADIOLOGISTS:
            for cls in classes:
                if cls == 14:
                    box = [np.nan] * 4
                else:
                    x, y = (float(v) for v in rng.integers(0, 2000, size=2))
                    box = [x, y, x + float(rng.integers(50, 500)), y + float(rng.integers(50, 500))]
                rows.append([image, CLASSES[cls], cls, rad, *box])
    raw.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows, columns=["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"])
    # Images first appear in `ids` order (train_test_split permutes train["image_id"].unique()).
    frame.to_csv(raw / "train.csv", index=False)
    for image in ids[:IMAGES]:
        _dicom(raw / "train" / f"{image}.dicom", rng, image)
    _dicom(raw / "test" / f"{ids[IMAGES]}.dicom", rng, ids[IMAGES])
    pd.DataFrame({"image_id": [ids[IMAGES]], "PredictionString": ["14 1 0 0 1 1"]}).to_csv(
        raw / "sample_submission.csv", index=False)


def _dicom(path: Path, rng: np.random.Generator, image: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = rng.integers(0, 2**14, size=(5, 4)).astype(np.uint16)
    path.write_bytes(dicom_bytes(pixels, f"1.2.840.1.{int(image[:12], 16)}", PatientID=image[:8]))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """Every answer box with confidence 1, one row per image in the answers' order."""
    groups = [f"{r.class_id} 1 {r.x_min} {r.y_min} {r.x_max} {r.y_max}" for r in answers.itertuples(index=False)]
    return (answers.assign(PredictionString=groups).groupby("image_id", sort=False)["PredictionString"]
            .agg(" ".join).reset_index())


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules (rows are the grader's: image ids compared as sets, no row count)."""
    def first_cell(value: object) -> pd.DataFrame:
        frame = sample.astype({"PredictionString": object})
        frame.loc[0, "PredictionString"] = value
        return frame

    unknown = sample.copy()
    unknown.loc[0, "image_id"] = "0" * 32
    return {
        "missing image": sample.iloc[1:],
        "unknown image": unknown,
        "empty PredictionString": first_cell(np.nan),
        "doubled space": first_cell("14 1 0  0 1 1"),
        "trailing space": first_cell("14 1 0 0 1 1 "),
        "text token": first_cell("14 high 0 0 1 1"),
        "token count not a multiple of 6": first_cell("14 1 0 0 1"),
        "NaN class": first_cell("nan 1 0 0 1 1"),
        "infinite class": first_cell("inf 1 0 0 1 1"),
        "numbers only": sample.assign(PredictionString=14),
    }


SPACING = r"PredictionString tokens must be numbers separated by single spaces"
INVALID_REASONS = {
    "missing image": r"Submission's 'image_id' values must be the test set's image ids",
    "unknown image": r"Submission's 'image_id' values must be the test set's image ids",
    "empty PredictionString": r"Column 'PredictionString' must hold text",
    "doubled space": SPACING,
    "trailing space": SPACING,
    "text token": SPACING,
    "token count not a multiple of 6": r"A PredictionString must hold groups of 6",
    "NaN class": r"PredictionString class ids must be finite numbers\.",
    "infinite class": r"PredictionString class ids must be finite numbers\.",
    "numbers only": r"Column 'PredictionString' must hold text",
}
