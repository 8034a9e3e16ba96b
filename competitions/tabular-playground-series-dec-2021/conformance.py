"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "Id"
ANSWER_COLUMNS = ["Cover_Type"]  # the answers file also carries the public features
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"

MEASURES = [
    "Elevation", "Aspect", "Slope", "Horizontal_Distance_To_Hydrology", "Vertical_Distance_To_Hydrology",
    "Horizontal_Distance_To_Roadways", "Hillshade_9am", "Hillshade_Noon", "Hillshade_3pm",
    "Horizontal_Distance_To_Fire_Points",
]
FLAGS = [f"Wilderness_Area{n}" for n in range(1, 5)] + [f"Soil_Type{n}" for n in range(1, 41)]


def patches(rng: np.random.Generator, ids: np.ndarray, with_target: bool) -> pd.DataFrame:
    frame = pd.DataFrame({"Id": ids})
    for column in MEASURES:
        frame[column] = rng.integers(-50, 4000, size=len(ids))
    for column in FLAGS:
        frame[column] = rng.integers(0, 2, size=len(ids))
    if with_target:
        frame["Cover_Type"] = rng.choice([1, 2, 2, 2, 3, 4, 6, 7], size=len(ids))
    return frame


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv (Id, 54 features, Cover_Type) plus the unused test.csv and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    patches(rng, np.arange(rows), True).to_csv(raw / "train.csv", index=False)
    test = patches(rng, np.arange(rows, rows + 5), False)
    test.to_csv(raw / "test.csv", index=False)
    test[["Id"]].assign(Cover_Type=2).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Cover_Type"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "Id"] = -1
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "Id"] = duplicated_id.loc[0, "Id"]
    nan_label = sample.astype({"Cover_Type": float})
    nan_label.loc[0, "Cover_Type"] = np.nan
    return {
        "too few rows": sample.iloc[1:],
        "missing Cover_Type": sample.drop(columns=["Cover_Type"]),
        "missing Id": sample.drop(columns=["Id"]),
        "unknown Id": unknown_id,
        "duplicated Id": duplicated_id,
        "string labels": sample.assign(Cover_Type="spruce"),
        "nan label": nan_label,
        "fractional label": sample.assign(Cover_Type=2.5),
        "infinite label": sample.assign(Cover_Type=np.inf),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "too few rows": ROW_COUNT,
    "missing Cover_Type": r"Submission is missing column\(s\) \['Cover_Type'\]\.",
    "missing Id": r"Submission is missing column\(s\) \['Id'\]\.",
    "unknown Id": id_mismatch("Id"),
    "duplicated Id": id_mismatch("Id"),
    "string labels": r"Column 'Cover_Type' must be numbers\.",
    "nan label": r"Column 'Cover_Type' must not contain NaN\.",
    "fractional label": r"Column 'Cover_Type' must hold whole-number cover types\.",
    "infinite label": r"Column 'Cover_Type' must hold whole-number cover types\.",
}
