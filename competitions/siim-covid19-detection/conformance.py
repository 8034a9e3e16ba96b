"""Answers to the conformance suite: tiny raw data in Kaggle's layout (study and image CSVs, train/<study>/<series>/)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes

BEST_SCORE = 1.0
# The test listing is the study folders; train is listed the same way.
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"
STUDY_COLUMNS = ["Negative for Pneumonia", "Typical Appearance", "Indeterminate Appearance", "Atypical Appearance"]
STUDIES = 20


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train_study_level.csv, raw/train_image_level.csv, raw/train/<study>/<series>/<image>.dcm, raw/test/."""
    uids = iter(f"{v:012x}" for v in rng.choice(16**12, size=4 * STUDIES + 4, replace=False))
    # Classes cycle along train_test_split's permutation so the 2 test studies are 'typical' and 'negative'.
    order = np.random.RandomState(0).permutation(STUDIES)
    cls = np.empty(STUDIES, dtype=int)
    cls[order] = [(1, 0, 2, 3)[k % 4] for k in range(STUDIES)]
    study_rows, image_rows = [], []
    for k in range(STUDIES):
        study = next(uids)
        study_rows.append({"id": f"{study}_study", **{c: int(j == cls[k]) for j, c in enumerate(STUDY_COLUMNS)}})
        series = next(uids)
        for _ in range(1 + k % 2):
            image = next(uids)
            boxes, label = _boxes(rng) if cls[k] else ("", "none 1 0 0 1 1")
            image_rows.append({"id": f"{image}_image", "boxes": boxes, "label": label, "StudyInstanceUID": study})
            _dicom(raw / "train" / study / series / f"{image}.dcm", rng, image)
    raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(study_rows).to_csv(raw / "train_study_level.csv", index=False)
    pd.DataFrame(image_rows).to_csv(raw / "train_image_level.csv", index=False)
    study, series, image = next(uids), next(uids), next(uids)
    _dicom(raw / "test" / study / series / f"{image}.dcm", rng, image)
    pd.DataFrame({"id": [f"{study}_study", f"{image}_image"],
                  "PredictionString": ["negative 1 0 0 1 1", "none 1 0 0 1 1"]}).to_csv(raw / "sample_submission.csv", index=False)


def _boxes(rng: np.random.Generator) -> tuple[str, str]:
    """Kaggle's two spellings of an image's opacities: a list of dicts (x, y, width, height) and the label string."""
    found = []
    for _ in range(int(rng.integers(1, 3))):
        x, y = (round(float(v), 5) for v in rng.uniform(0, 2000, size=2))
        w, h = (round(float(v), 5) for v in rng.uniform(100, 900, size=2))
        found.append((x, y, w, h))
    boxes = "[" + ", ".join(f"{{'x': {x}, 'y': {y}, 'width': {w}, 'height': {h}}}" for x, y, w, h in found) + "]"
    label = " ".join(f"opacity 1 {x} {y} {round(x + w, 5)} {round(y + h, 5)}" for x, y, w, h in found)
    return boxes, label


def _dicom(path: Path, rng: np.random.Generator, image: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = rng.integers(0, 2**12, size=(4, 4)).astype(np.uint16)
    path.write_bytes(dicom_bytes(pixels, f"1.2.826.0.1.3680043.10.{int(image, 16) % 10**12}", PatientID=image))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    def first_cell(value: object) -> pd.DataFrame:
        frame = sample.astype({"PredictionString": object})
        frame.loc[0, "PredictionString"] = value
        return frame

    return {
        "token count not a multiple of 6": first_cell("negative 1 0 0 1"),
        "confidence not a number": first_cell("negative high 0 0 1 1"),
        "coordinate not a number": first_cell("negative 1 0 0 one 1"),
        "NaN confidence": first_cell("negative nan 0 0 1 1"),
        "infinite confidence": first_cell("negative inf 0 0 1 1"),
        "numbers only": sample.assign(PredictionString=1),
    }


INVALID_REASONS = {
    "token count not a multiple of 6": r"A PredictionString must hold groups of 6",
    "confidence not a number": r"PredictionString confidences and coordinates must be numbers\.",
    "coordinate not a number": r"PredictionString confidences and coordinates must be numbers\.",
    "NaN confidence": r"PredictionString confidences must be finite numbers",
    "infinite confidence": r"PredictionString confidences must be finite numbers",
    "numbers only": r"Column 'PredictionString' must hold text",
}
