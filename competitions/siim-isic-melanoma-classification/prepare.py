"""SIIM-ISIC Melanoma: the images of two training TFRecord shards become the test set, in train.csv order.

MLE-bench reads the shards with TensorFlow; here the TFRecord framing and the tf.train.Example message are
parsed by hand, which gives the same image names without the dependency.
"""

import shutil
import struct
from pathlib import Path

import pandas as pd

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
    return [_bytes_feature(record, "image_name").decode("utf-8") for record in _records(path.read_bytes())]


def _records(data: bytes):
    """TFRecord framing: uint64 length, uint32 masked CRC-32C of the length, payload, uint32 CRC of the payload."""
    offset = 0
    while offset < len(data):
        header = data[offset : offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", data[offset + 8 : offset + 12])
        # TensorFlow refuses a record whose length is corrupt; the payload's bytes are already
        # guarded by the md5 pin of the raw archive, so its CRC is not recomputed (slow in Python).
        if header_crc != masked_crc32c(header):
            raise ValueError(f"Corrupt TFRecord length at byte {offset}.")
        start = offset + 12
        yield data[start : start + length]
        offset = start + length + 4


def _bytes_feature(example: bytes, key: str) -> bytes:
    """features.feature[key].bytes_list.value[0] of a serialized tf.train.Example (last map entry wins)."""
    found = None
    for number, features in _fields(example):
        if number != 1:
            continue
        for entry_number, entry in _fields(features):
            if entry_number != 1:
                continue
            parts = dict(_fields(entry))  # map entry: 1 = key, 2 = Feature
            if parts.get(1, b"").decode("utf-8") == key and 2 in parts:
                found = parts[2]
    if found is None:
        raise KeyError(f"TFRecord example has no feature {key!r}.")
    bytes_list = dict(_fields(found)).get(1)  # Feature: 1 = BytesList
    values = [v for n, v in _fields(bytes_list or b"") if n == 1]
    return values[0]


def _fields(message: bytes) -> list[tuple[int, bytes | int]]:
    """(field number, value) of each field of a protobuf message; length-delimited values as bytes."""
    out, pos = [], 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(message, pos)
        elif wire == 1:
            value, pos = message[pos : pos + 8], pos + 8
        elif wire == 2:
            size, pos = _varint(message, pos)
            value, pos = message[pos : pos + size], pos + size
        elif wire == 5:
            value, pos = message[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"Unsupported protobuf wire type {wire}.")
        out.append((number, value))
    return out


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        crc = n
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()


def masked_crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli) of `data`, masked as TFRecord stores it."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    crc ^= 0xFFFFFFFF
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF
