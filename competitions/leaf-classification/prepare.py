"""Leaf Classification: 10% of Kaggle's labelled leaves become the test set (random_state 0)."""

import shutil
import zipfile
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import df_to_one_hot, read_csv

# MLE-bench's 99 species names in its column order, one a line.
SPECIES = (Path(__file__).parent / "species.txt").read_text().split()


def prepare(raw: Path, public: Path, private: Path) -> None:
    for name in ("train.csv.zip", "images.zip"):
        with zipfile.ZipFile(raw / name) as archive:
            archive.extractall(raw)
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_test_without_labels = new_test.drop(columns=["species"])
    answers = df_to_one_hot(new_test[["id", "species"]], "id", "species", SPECIES)

    (public / "images").mkdir()
    (private / "images").mkdir()  # left empty, as MLE-bench leaves it
    for leaf_id in [*new_train["id"], *new_test["id"]]:
        shutil.copyfile(raw / "images" / f"{leaf_id}.jpg", public / "images" / f"{leaf_id}.jpg")

    sample = answers.copy()
    sample[SPECIES] = 1 / len(SPECIES)
    new_train.to_csv(public / "train.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    new_test_without_labels.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
