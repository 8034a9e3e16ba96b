"""INGV volcanic eruptions: 10% of Kaggle's train segments become the test set; sensor CSVs placed by side."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    if not (raw / "train").is_dir():
        raise PrerequisiteError(f"{raw / 'train'} is missing: extract Kaggle's download (train/<segment_id>.csv).")
    old_train = read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=0.1, random_state=0)
    sample = answers.copy()
    sample["time_to_eruption"] = 0

    answers.to_csv(private / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    (public / "test").mkdir(exist_ok=True)
    (public / "train").mkdir(exist_ok=True)
    link_or_copy_many(
        (raw / "train" / f"{segment}.csv", public / side / f"{segment}.csv")
        for side, frame in (("train", new_train), ("test", answers))
        for segment in frame["segment_id"]
    )
