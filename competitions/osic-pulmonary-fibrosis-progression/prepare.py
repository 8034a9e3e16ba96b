"""OSIC Pulmonary Fibrosis: 10% of Kaggle's train patients become the test set (random_state 0); the answers list
every week of the test weeks' range for every test patient; CT scan folders placed by split."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    patients = list(old_train.groupby("Patient"))
    train_groups, test_groups = train_test_split(patients, test_size=0.1, random_state=0)
    new_train = pd.concat([frame for _, frame in train_groups])
    new_test = pd.concat([frame for _, frame in test_groups])

    # Each test patient's earliest measurement (first non-null value per column in week order), as Kaggle's test.csv.
    new_test_public = new_test.sort_values(by="Weeks").groupby("Patient").first().reset_index()
    # One global week range for all test patients; unmeasured weeks are rows without FVC.
    weeks = range(new_test["Weeks"].min(), new_test["Weeks"].max() + 1)
    all_weeks = pd.DataFrame(
        [(patient, week) for patient in new_test["Patient"].unique() for week in weeks], columns=["Patient", "Weeks"]
    )
    answers = all_weeks.merge(new_test, on=["Patient", "Weeks"], how="left")
    answers["Patient_Week"] = answers["Patient"] + "_" + answers["Weeks"].astype(str)
    answers["Confidence"] = 100
    if answers.groupby("Patient").size().nunique() != 1:
        raise PrerequisiteError("raw train.csv has a test patient measured twice in one week, unlike Kaggle's file; "
                                "download the data again.")
    sample = answers[["Patient_Week"]].copy()
    sample["FVC"] = 2000
    sample["Confidence"] = 100

    new_train.to_csv(public / "train.csv", index=False)
    new_test_public.to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    for side, frame in (("train", new_train), ("test", new_test)):
        (public / side).mkdir(exist_ok=True)
        link_or_copy_many(
            (scan, public / side / scan.relative_to(raw / "train"))
            for patient in frame["Patient"].unique()
            for scan in sorted((raw / "train" / patient).rglob("*"))
            if scan.is_file()
        )
