"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train/<Patient>/<n>.dcm CT slices)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes

BEST_SCORE = float(-np.log(np.sqrt(2) * 70))  # every graded FVC exact, Confidence at the floor of 70
ROW_ORDER_FREE = True  # rows are matched by Patient_Week
ID_COLUMN = "Patient"  # the split is by patient: public train.csv and test.csv share none
# The graded values are the FVCs keyed by Patient_Week; public/test.csv carries each test patient's baseline FVC
# by design (as Kaggle's did), but no Patient_Week.
ANSWER_COLUMNS = ["Patient_Week"]
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
PATIENTS = 15  # ceil(0.1 * 15) = 2 test patients


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.csv, train/<Patient>/<n>.dcm, and Kaggle's unused test.csv, test/ and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    patients = [f"ID{int(v):023d}" for v in rng.choice(10**15, size=PATIENTS + 1, replace=False) + 10**14]
    rows = []
    for patient in patients:
        age, sex = int(rng.integers(50, 86)), str(rng.choice(["Male", "Female"]))
        smoking = str(rng.choice(["Ex-smoker", "Never smoked", "Currently smokes"]))
        first = int(rng.integers(-5, 6))
        weeks = first + np.cumsum(rng.integers(1, 12, size=int(rng.integers(4, 8)))) - 1
        baseline = float(rng.integers(1500, 4000))
        for week in weeks:
            fvc = int(baseline - 4 * (week - first) + rng.integers(-60, 60))
            rows.append((patient, int(week), fvc, fvc / 30.5 + float(rng.random()), age, sex, smoking))
    frame = pd.DataFrame(rows, columns=["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus"])
    # Kaggle's train.csv lists patients in id order; the first patient's rows are reversed to exercise the week sort.
    frame = frame.sort_values(["Patient"], kind="stable")
    first_rows = frame.index[frame["Patient"] == frame["Patient"].iloc[0]]
    frame = pd.concat([frame.loc[first_rows[::-1]], frame.drop(index=first_rows)])
    train = frame[frame["Patient"] != patients[-1]]
    train.to_csv(raw / "train.csv", index=False)
    for folder, names in (("train", patients[:-1]), ("test", patients[-1:])):
        for patient in names:
            (raw / folder / patient).mkdir(parents=True, exist_ok=True)
            for n in range(1, int(rng.integers(2, 4)) + 1):
                pixels = rng.integers(0, 2000, size=(4, 4), dtype=np.uint16)
                (raw / folder / patient / f"{n}.dcm").write_bytes(
                    dicom_bytes(pixels, f"2.25.{int(rng.integers(2**62))}", PatientID=patient, InstanceNumber=n))
    test = frame[frame["Patient"] == patients[-1]].head(1)
    test.to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"Patient_Week": [f"{patients[-1]}_{w}" for w in range(-12, -9)], "FVC": 2000,
                  "Confidence": 100}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Patient_Week", "FVC"]].assign(Confidence=70.0)


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules: unknown weeks, text in FVC or Confidence, a graded week given twice, no Confidence."""
    unknown = sample.copy()
    unknown.loc[0, "Patient_Week"] = unknown.loc[0, "Patient_Week"].rsplit("_", 1)[0] + "_999"
    missing_week = sample.copy()
    missing_week.loc[0, "Patient_Week"] = np.nan
    measured = answers.dropna(subset=["FVC"])
    last_graded = measured.loc[measured["Weeks"].idxmax(), "Patient_Week"]
    duplicated = pd.concat([sample, sample[sample["Patient_Week"] == last_graded]])
    text_fvc = sample.assign(FVC=sample["FVC"].astype(object))
    text_fvc.loc[0, "FVC"] = "high"
    return {
        "unknown Patient_Week": unknown,
        "empty Patient_Week": missing_week,
        "text in FVC": text_fvc,
        "text in Confidence": sample.assign(Confidence="sure"),
        "graded week twice": duplicated,
        "missing Confidence": sample.drop(columns=["Confidence"]),
    }


_UNKNOWN = r"Submission's 'Patient_Week' values must all be weeks of the test patients"
INVALID_REASONS = {
    "unknown Patient_Week": _UNKNOWN,
    "empty Patient_Week": _UNKNOWN,
    "text in FVC": r"Column 'FVC' must hold numbers\.",
    "text in Confidence": r"Column 'Confidence' must hold numbers\.",
    "graded week twice": r"Submission's 'Patient_Week' values must not repeat a week\.",
    "missing Confidence": r"Submission is missing column\(s\) \['Confidence'\]\.",
}
