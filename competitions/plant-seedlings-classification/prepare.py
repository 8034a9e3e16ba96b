"""Plant Seedlings Classification: 14% of Kaggle's labelled images (random_state 0) become the test set."""

import os
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many


def prepare(raw: Path, public: Path, private: Path) -> None:
    # Species folders and their files in Python's code-point order, as MLE-bench walks them.
    rows = [
        {"file": name, "species": species}
        for species in sorted(os.listdir(raw / "train"))
        if (raw / "train" / species).is_dir()
        for name in sorted(os.listdir(raw / "train" / species))
        if name.endswith(".png")
    ]
    frame = pd.DataFrame(rows, columns=["file", "species"])
    train_df, test_df = train_test_split(frame, test_size=0.14, random_state=0)
    sample = test_df.copy()
    sample["species"] = "Sugar beet"
    test_df.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    source = raw / "train"
    pairs = [(source / species / name, public / "train" / species / name)
             for name, species in zip(train_df["file"], train_df["species"], strict=True)]
    pairs += [(source / species / name, public / "test" / name)
              for name, species in zip(test_df["file"], test_df["species"], strict=True)]
    link_or_copy_many(pairs)
