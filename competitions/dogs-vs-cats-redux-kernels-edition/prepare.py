"""Dogs vs. Cats Redux: 10% of Kaggle's train images (sorted by path, random_state 0) become the test set.

Train images are renumbered per class in split order and test images numbered 1..n, so no original name,
which would give the label away, reaches the agent. Kaggle's own test images are discarded.
"""

import shutil
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import compress_folder


def prepare(raw: Path, public: Path, private: Path) -> None:
    for name in ("train.zip", "test.zip"):
        with zipfile.ZipFile(raw / name) as archive:
            archive.extractall(raw)
    all_train_images = sorted((raw / "train").glob("*.jpg"))
    train_images, test_images = train_test_split(all_train_images, test_size=0.1, random_state=0)

    (public / "train").mkdir()
    counters = {"cat": 0, "dog": 0}
    for image in train_images:
        kind = "cat" if "cat" in image.name else "dog"
        shutil.copy(image, public / "train" / f"{kind}.{counters[kind]}.jpg")
        counters[kind] += 1
    (public / "test").mkdir()
    for number, image in enumerate(test_images, start=1):
        shutil.copy(image, public / "test" / f"{number}.jpg")

    # MLE-bench keeps the unzipped folders beside the archives.
    compress_folder(public / "train", public / "train.zip")
    compress_folder(public / "test", public / "test.zip")
    shutil.rmtree(raw / "train")
    shutil.rmtree(raw / "test")

    ids = range(1, len(test_images) + 1)
    labels = [1 if "dog" in image.name else 0 for image in test_images]
    pd.DataFrame({"id": ids, "label": labels}).to_csv(private / "answers.csv", index=False)
    pd.DataFrame({"id": ids, "label": 0.5}).to_csv(public / "sample_submission.csv", index=False)
