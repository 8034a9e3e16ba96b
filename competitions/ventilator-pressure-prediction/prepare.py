"""Ventilator Pressure Prediction: a tenth of Kaggle's training breaths (whole breaths, random_state 0) become
the test set; ids are renumbered 1..N on each side; floats are written with '%.10g'."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

DTYPES = {"id": "int32", "breath_id": "int32", "R": "int8", "C": "int8", "time_step": "float64",
          "u_in": "float64", "u_out": "int8", "pressure": "float64"}
FLOAT_FORMAT = "%.10g"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv", dtype=DTYPES)
    groups = [frame.index.tolist() for _, frame in old_train.groupby("breath_id")]
    train_groups, test_groups = train_test_split(groups, test_size=0.1, random_state=0)
    new_train = old_train.loc[[row for group in train_groups for row in group]].copy()
    new_test = old_train.loc[[row for group in test_groups for row in group]].copy()
    new_train["id"] = range(1, len(new_train) + 1)
    new_test["id"] = range(1, len(new_test) + 1)
    new_test_without_labels = new_test.drop(columns=["pressure"])
    sample = new_test_without_labels[["id"]].copy()
    sample["pressure"] = 0

    new_train.to_csv(public / "train.csv", index=False, float_format=FLOAT_FORMAT)
    new_test_without_labels.to_csv(public / "test.csv", index=False, float_format=FLOAT_FORMAT)
    sample.to_csv(public / "sample_submission.csv", index=False, float_format=FLOAT_FORMAT)
    new_test.to_csv(private / "test.csv", index=False, float_format=FLOAT_FORMAT)
