"""Aerial Cactus Identification: 19% of Kaggle's train becomes the test set (random_state 0); images zipped."""

import shutil
import zipfile
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import compress_folder
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.19, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.assign(has_cactus=0.5).to_csv(public / "sample_submission.csv", index=False)

    with zipfile.ZipFile(raw / "train.zip") as archive:
        archive.extractall(raw)
    for side, frame in (("train", new_train), ("test", new_test)):
        folder = public / side
        folder.mkdir()
        for image_id in frame["id"]:
            shutil.copy(raw / "train" / image_id, folder / image_id)
        compress_folder(folder, public / f"{side}.zip")
        shutil.rmtree(folder)
    shutil.rmtree(raw / "train")
