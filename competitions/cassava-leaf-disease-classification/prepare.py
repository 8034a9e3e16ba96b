"""Cassava: 10% of Kaggle's 16 train TFRecord shards (2 shards) become the test set; their images are the test images.

The split is by shard, not by image; the test shards are copied unchanged, so they still carry each image's label.
"""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.data.formats.tfrecord import read_examples
from pytest_mlebench.frames import read_csv


def shard_name(prefix: str, position: int, shard: Path) -> str:
    """`<prefix><NN>-<count>.tfrec`: NN the position in the split's list, count from the original name."""
    return f"{prefix}{position:02d}-{shard.stem.split('-')[1]}.tfrec"


def prepare(raw: Path, public: Path, private: Path) -> None:
    shards = sorted(p for p in (raw / "train_tfrecords").iterdir() if p.is_file() and p.suffix == ".tfrec")
    train_shards, test_shards = train_test_split(shards, test_size=0.1, random_state=0)
    test_ids = {example["image_name"][0].decode("utf-8") for shard in test_shards for example in read_examples(shard)}

    old_train = read_csv(raw / "train.csv")
    is_test = old_train["image_id"].isin(test_ids)
    new_train, new_test = old_train[~is_test], old_train[is_test]
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.assign(label=4).to_csv(public / "sample_submission.csv", index=False)

    pairs = [(shard, public / "train_tfrecords" / shard_name("ld_train", i, shard)) for i, shard in enumerate(train_shards)]
    pairs += [(shard, public / "test_tfrecords" / shard_name("ld_test", i, shard)) for i, shard in enumerate(test_shards)]
    for folder, frame in (("train_images", new_train), ("test_images", new_test)):
        pairs += [(raw / "train_images" / image_id, public / folder / image_id) for image_id in frame["image_id"]]
    link_or_copy_many(pairs)
    shutil.copyfile(raw / "label_num_to_disease_map.json", public / "label_num_to_disease_map.json")
