"""Plant Pathology 2020: 10% of Kaggle's train becomes the test set (random_state 0); images renamed by split order."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=0.1, random_state=0)
    # Test names override train names for an id in both, as MLE-bench's merged dict does.
    new_names = {
        **{old: f"Train_{i}" for i, old in enumerate(new_train["image_id"].unique())},
        **{old: f"Test_{i}" for i, old in enumerate(answers["image_id"].unique())},
    }
    # One pass over the old names (Series.replace with a dict never chains Train_3 -> Test_1 -> ...).
    new_train = new_train.assign(image_id=new_train["image_id"].map(new_names))
    answers = answers.assign(image_id=answers["image_id"].map(new_names))
    sample = answers[["image_id"]].copy()
    sample[CLASSES] = 0.25

    (public / "images").mkdir(exist_ok=True)
    for old in old_train["image_id"]:
        if not old.startswith("Train_"):
            raise ValueError(f"Expected a Kaggle train image id, got {old!r}.")
        shutil.copyfile(raw / "images" / f"{old}.jpg", public / "images" / f"{new_names.get(old, old)}.jpg")

    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers[["image_id"]].to_csv(public / "test.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
