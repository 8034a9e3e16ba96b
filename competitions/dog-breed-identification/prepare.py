"""Dog Breed Identification: 10% of Kaggle's labelled images become the test set (random_state 0)."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import df_to_one_hot, read_csv

# MLE-bench's 120 breed names in its column order, one a line.
BREEDS = (Path(__file__).parent / "breeds.txt").read_text().split()


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "labels.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    answers = df_to_one_hot(new_test, "id", "breed", BREEDS)
    new_train.to_csv(public / "labels.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)

    (public / "train").mkdir()
    (public / "test").mkdir()
    for side, frame in (("train", new_train), ("test", new_test)):
        for image_id in frame["id"]:
            shutil.copyfile(raw / "train" / f"{image_id}.jpg", public / side / f"{image_id}.jpg")

    sample = answers.astype({breed: float for breed in BREEDS})
    sample[BREEDS] = 1 / len(BREEDS)
    sample.to_csv(public / "sample_submission.csv", index=False)
