"""SIIM-ISIC Melanoma: the images of two training TFRecord shards become the test set, in train.csv order.

MLE-bench reads the shards with TensorFlow; here `data.formats.tfrecord` reads them (CRC-checked framing,
the tf.train.Example message through protobuf), which gives the same image names without the dependency.
"""

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.formats.tfrecord import read_examples

TEST_SHARDS = {"train00-2071.tfrec", "train06-2071.tfrec"}
TEST_COLUMNS = ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    # MLE-bench reads this file with plain pandas, not its round-trip helper.
    old_train = pd.read_csv(raw / "train.csv")
    test_ids = {name for shard in TEST_SHARDS for name in shard_image_names(raw / "tfrecords" / shard)}
    is_test = old_train["image_name"].isin(test_ids)
    new_train, new_test = old_train[~is_test], old_train[is_test]
    answers = new_test[["image_name", "target"]]
    sample = answers.assign(target=0)

    new_train.to_csv(public / "train.csv", index=False)
    new_test[TEST_COLUMNS].to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)

    for split, frame in (("train", new_train), ("test", new_test)):
        (public / split).mkdir(parents=True, exist_ok=True)
        (public / "jpeg" / split).mkdir(parents=True, exist_ok=True)
        for name in frame["image_name"]:
            shutil.copy(raw / "train" / f"{name}.dcm", public / split / f"{name}.dcm")
            shutil.copy(raw / "jpeg" / "train" / f"{name}.jpg", public / "jpeg" / split / f"{name}.jpg")

    # Shards are renumbered per side in sorted order, keeping the record count of their name.
    (public / "tfrecords").mkdir(exist_ok=True)
    counters = {"train": 0, "test": 0}
    for shard in sorted((raw / "tfrecords").glob("train*.tfrec")):
        side = "test" if shard.name in TEST_SHARDS else "train"
        count = shard.stem.split("-")[1]
        shutil.copy(shard, public / "tfrecords" / f"{side}{counters[side]:02d}-{count}.tfrec")
        counters[side] += 1


def shard_image_names(path: Path) -> list[str]:
    """The 'image_name' bytes feature (first value, UTF-8) of every tf.train.Example in a TFRecord file."""
    names = []
    for example in read_examples(path):
        if not example.get("image_name"):
            raise KeyError(f"TFRecord example in {path.name} has no image_name feature.")
        names.append(example["image_name"][0].decode("utf-8"))
    return names
