"""RSNA Breast Cancer Detection: 10% of Kaggle's training patients become the test set (random_state 42).

Answers are one row per breast (`<patient_id>_<laterality>`), public test.csv one row per image; DICOM files linked.
"""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

TEST_COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "implant", "machine_id"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = read_csv(raw / "train.csv")
    train_patients, test_patients = train_test_split(train["patient_id"].unique(), test_size=0.1, random_state=42)
    new_train = train[train["patient_id"].isin(set(train_patients))]
    test_rows = train[train["patient_id"].isin(set(test_patients))][[*TEST_COLUMNS, "cancer"]]
    test_rows = test_rows.assign(prediction_id=test_rows["patient_id"].astype(str) + "_" + test_rows["laterality"])
    new_test = test_rows.drop(columns=["cancer"])
    # One answer per breast: groupby sorts by prediction_id and takes each breast's first non-null label.
    answers = test_rows[["prediction_id", "cancer"]].groupby("prediction_id").first().reset_index()
    sample = answers.assign(cancer=new_train["cancer"].mean())

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    link_or_copy_many(
        (raw / "train_images" / str(pid) / f"{image}.dcm", public / folder / str(pid) / f"{image}.dcm")
        for folder, frame in (("train_images", new_train), ("test_images", new_test))
        for pid, image in zip(frame["patient_id"], frame["image_id"], strict=True)
    )
