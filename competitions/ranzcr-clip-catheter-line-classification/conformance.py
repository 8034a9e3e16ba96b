"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, annotations, train/*.jpg)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

SCORED = [
    "ETT - Abnormal", "ETT - Borderline", "ETT - Normal",
    "NGT - Abnormal", "NGT - Borderline", "NGT - Incompletely Imaged", "NGT - Normal",
    "CVC - Abnormal", "CVC - Borderline",
]
LABELS = [*SCORED, "CVC - Normal", "Swan Ganz Catheter Present"]
BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "StudyInstanceUID"
PUBLIC_TEST = "test"  # no public CSV lists the test ids; the image folder does
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv, train_annotations.csv, train/<uid>.jpg, plus Kaggle's unused test/ and sample_submission.csv."""
    uids = [f"1.2.826.0.1.3680043.8.498.{n}" for n in rng.choice(10**12, size=rows, replace=False)]
    labels = rng.integers(0, 2, size=(rows, len(LABELS)))
    # Along train_test_split's permutation, the first rows alternate 0/1 in every label, so the tiny
    # test set holds both values of each scored class and every per-class AUC is defined.
    order = np.random.RandomState(0).permutation(rows)
    for k in range(4):
        labels[order[k]] = [(k + c) % 2 for c in range(len(LABELS))]
    train = pd.DataFrame(labels, columns=LABELS)
    train.insert(0, "StudyInstanceUID", uids)
    train["PatientID"] = [f"{rng.integers(16**8):09x}" for _ in uids]
    # Some annotated X-rays fall in the test part, whose annotations the preparer must drop.
    annotated = [u for n, u in enumerate(uids) if n % 3 == 0 or n in order[:2]]
    annotations = pd.DataFrame({
        "StudyInstanceUID": annotated,
        "label": rng.choice(["CVC - Normal", "ETT - Normal", "NGT - Borderline"], size=len(annotated)),
        "data": [str([[int(x), int(y)] for x, y in rng.integers(0, 3000, size=(3, 2))]) for _ in annotated],
    })
    for folder, names in (("train", uids), ("test", [f"1.2.826.0.1.3680043.8.498.9{n}" for n in range(3)])):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (raw / folder / f"{name}.jpg").write_bytes(noise_image(rng, (10, 10), "JPEG"))
    train.to_csv(raw / "train.csv", index=False)
    annotations.to_csv(raw / "train_annotations.csv", index=False)
    pd.DataFrame({"StudyInstanceUID": ["1.2.826.0.1.3680043.8.498.90"], **{c: 0 for c in LABELS}}).to_csv(
        raw / "sample_submission.csv", index=False
    )


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["StudyInstanceUID", *SCORED]].astype({c: float for c in SCORED})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "StudyInstanceUID"] = "1.2.826.0.1.3680043.8.498.0"
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "StudyInstanceUID"] = duplicated_id.loc[0, "StudyInstanceUID"]
    return {
        "missing scored class": sample.drop(columns=["NGT - Normal"]),
        "too few rows": sample.iloc[1:],
        "missing StudyInstanceUID": sample.drop(columns=["StudyInstanceUID"]),
        "non-numeric class": sample.assign(**{"ETT - Normal": "yes"}),
        "class above 1": sample.assign(**{"CVC - Abnormal": 1.5}),
        "negative class": sample.assign(**{"ETT - Abnormal": -0.5}),
        "unknown StudyInstanceUID": unknown_id,
        "duplicated StudyInstanceUID": duplicated_id,
        "nan class": sample.assign(**{"NGT - Borderline": np.nan}),
        # The scored classes and the row count are checked before the id, each case pins one of them.
        "missing class and StudyInstanceUID": sample.drop(columns=["NGT - Normal", "StudyInstanceUID"]),
        "too few rows and no StudyInstanceUID": sample.iloc[1:].drop(columns=["StudyInstanceUID"]),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing scored class": r"Submission is missing column\(s\) \['NGT \- Normal'\]\.",
    "too few rows": ROW_COUNT,
    "missing StudyInstanceUID": r"Submission is missing column\(s\) \['StudyInstanceUID'\]\.",
    "non-numeric class": r"Column 'ETT \- Normal' must be numeric\.",
    "class above 1": r"Column 'CVC \- Abnormal' must be within \[0, 1\]\.",
    "negative class": r"Column 'ETT \- Abnormal' must be within \[0, 1\]\.",
    "unknown StudyInstanceUID": id_mismatch("StudyInstanceUID"),
    "duplicated StudyInstanceUID": id_mismatch("StudyInstanceUID"),
    "nan class": r"Column 'NGT \- Borderline' must not contain NaN\.",
    "missing class and StudyInstanceUID": r"Submission is missing column\(s\) \['NGT \- Normal'\]\.",
    "too few rows and no StudyInstanceUID": ROW_COUNT,
}
