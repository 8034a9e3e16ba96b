"""RSNA-MICCAI Brain Tumor: 10% of Kaggle's labelled cases become the test set (random_state 0); DICOM folders linked."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    # Ids stay text so that the 5-digit zero padding of Kaggle's case folders survives into the CSVs.
    labels = read_csv(raw / "train_labels.csv", dtype={"BraTS21ID": str, "MGMT_value": int})
    new_train, new_test = train_test_split(labels, test_size=0.1, random_state=0)

    link_or_copy_many(
        (source, public / side / case / source.relative_to(raw / "train" / case))
        for side, frame in (("train", new_train), ("test", new_test))
        for case in frame["BraTS21ID"]
        for source in sorted((raw / "train" / case).rglob("*"))
        if source.is_file()
    )

    new_train.to_csv(public / "train_labels.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.assign(MGMT_value=0.5).to_csv(public / "sample_submission.csv", index=False)
