"""BMS Molecular Translation: 20% of Kaggle's labelled images become the test set; images keep their nesting."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy, link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError

WATER = "InChI=1S/H2O/h1H2"


def image_path(folder: Path, image_id: str) -> Path:
    """Kaggle nests each image three folders deep by the first three characters of its id."""
    return folder / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png"


def prepare(raw: Path, public: Path, private: Path) -> None:
    if not (raw / "train").is_dir():
        raise PrerequisiteError(f"{raw / 'train'} is missing: extract Kaggle's download (train/<a>/<b>/<c>/*.png).")
    # MLE-bench reads this file with plain pandas (not its round-trip reader); the columns are text either way.
    old_train = pd.read_csv(raw / "train_labels.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.2, random_state=0)
    new_train.to_csv(public / "train_labels.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)

    link_or_copy_many(
        (image_path(raw / "train", image_id), image_path(public / side, image_id))
        for side, frame in (("train", new_train), ("test", new_test))
        for image_id in frame["image_id"]
    )

    sample = new_test.copy()
    sample["InChI"] = WATER
    sample.to_csv(public / "sample_submission.csv", index=False)
    link_or_copy(raw / "extra_approved_InChIs.csv", public / "extra_approved_InChIs.csv")
