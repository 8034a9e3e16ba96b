"""Answers to the conformance suite: tiny raw data in Kaggle's layout, down to real TFRecord shards and DICOM files.

TFRecords and tf.train.Example messages are written with the standard library (length, masked CRC-32C,
payload, CRC), DICOM files as minimal explicit-VR little-endian Part 10 files; no TensorFlow, no pydicom.
"""

import io
import struct
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "image_name"
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
SHARDS = [f"train{n:02d}-{2061 if n == 15 else 2071}.tfrec" for n in range(16)]
PER_SHARD = 2
SITES = ["head/neck", "upper extremity", "lower extremity", "torso", "palms/soles", "oral/genital", ""]


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """train.csv, train/*.dcm, jpeg/train/*.jpg, tfrecords/train*.tfrec, plus Kaggle's unused test files."""
    total = len(SHARDS) * PER_SHARD
    names = [f"ISIC_{n:07d}" for n in rng.choice(10**7, size=total + 3, replace=False)]
    train_names, test_names = names[:total], names[total:]
    patients = [f"IP_{n:07d}" for n in rng.choice(10**7, size=8, replace=False)]
    # Kaggle's rows are not grouped by shard: shard n holds the rows order[n * PER_SHARD:(n + 1) * PER_SHARD].
    order = rng.permutation(total)
    # The second record of every third shard is a melanoma, so the test shards (00, 06) hold both classes.
    target = [0] * total
    for i in range(1, total, PER_SHARD):
        target[order[i]] = int((i // PER_SHARD) % 3 == 0)
    train = pd.DataFrame({
        "image_name": train_names,
        "patient_id": rng.choice(patients, size=total),
        "sex": rng.choice(["male", "female", ""], size=total),
        "age_approx": [np.nan if k % 9 == 4 else float(rng.integers(2, 18) * 5) for k in range(total)],
        "anatom_site_general_challenge": rng.choice(SITES, size=total),
        "diagnosis": ["melanoma" if t else str(rng.choice(["unknown", "nevus", "lentigo NOS"])) for t in target],
        "benign_malignant": ["malignant" if t else "benign" for t in target],
        "target": target,
    })
    images = {name: _jpeg(rng) for name in names}
    for folder, group in (("train", train_names), ("test", test_names)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        (raw / "jpeg" / folder).mkdir(parents=True, exist_ok=True)
        for name in group:
            (raw / "jpeg" / folder / f"{name}.jpg").write_bytes(images[name])
            (raw / folder / f"{name}.dcm").write_bytes(_dicom(name, rng))
    (raw / "tfrecords").mkdir(parents=True, exist_ok=True)
    for n, shard in enumerate(SHARDS):
        rows = train.iloc[order[n * PER_SHARD : (n + 1) * PER_SHARD]]
        examples = [_example(r.image_name, images[r.image_name], int(r.target)) for r in rows.itertuples()]
        (raw / "tfrecords" / shard).write_bytes(tfrecord(examples))
    (raw / "tfrecords" / "test00-3.tfrec").write_bytes(tfrecord([_example(n, images[n], 0) for n in test_names]))
    train.to_csv(raw / "train.csv", index=False)
    test = train.iloc[:3, :5].assign(image_name=test_names)
    test.to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"image_name": test_names, "target": 0}).to_csv(raw / "sample_submission.csv", index=False)


def _jpeg(rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, size=(6, 6, 3), dtype=np.uint8)).save(buffer, format="JPEG")
    return buffer.getvalue()


# --- TFRecord and tf.train.Example --------------------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _example(name: str, image: bytes, target: int) -> bytes:
    """A tf.train.Example with Kaggle's image, image_name and (the leak) target features."""
    features = {
        "image": _field(1, _field(1, image)),  # Feature.bytes_list.value
        "image_name": _field(1, _field(1, name.encode())),
        "target": _field(3, _field(1, _varint(target))),  # Feature.int64_list, packed
    }
    entries = b"".join(_field(1, _field(1, key.encode()) + _field(2, value)) for key, value in features.items())
    return _field(1, entries)


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def _masked(crc: int) -> int:
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(records: list[bytes]) -> bytes:
    out = bytearray()
    for record in records:
        length = struct.pack("<Q", len(record))
        out += length + struct.pack("<I", _masked(crc32c(length)))
        out += record + struct.pack("<I", _masked(crc32c(record)))
    return bytes(out)


# --- DICOM ---------------------------------------------------------------------------------------


def _element(group: int, elem: int, vr: str, value: bytes) -> bytes:
    if len(value) % 2:
        value += b"\0" if vr in ("UI", "OB") else b" "
    head = struct.pack("<HH", group, elem) + vr.encode()
    if vr in ("OB", "OW", "UN", "SQ", "UT"):
        return head + b"\0\0" + struct.pack("<I", len(value)) + value
    return head + struct.pack("<H", len(value)) + value


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def _dicom(name: str, rng: np.random.Generator) -> bytes:
    """A minimal DICOM Part 10 file: secondary capture, 4x4 8-bit grayscale, explicit VR little endian."""
    sop_class, instance = b"1.2.840.10008.5.1.4.1.1.7", f"1.2.826.0.1.3680043.8.1055.1.{rng.integers(10**9)}".encode()
    meta = (
        _element(0x0002, 0x0001, "OB", b"\x00\x01")
        + _element(0x0002, 0x0002, "UI", sop_class)
        + _element(0x0002, 0x0003, "UI", instance)
        + _element(0x0002, 0x0010, "UI", b"1.2.840.10008.1.2.1")
    )
    body = (
        _element(0x0008, 0x0016, "UI", sop_class)
        + _element(0x0008, 0x0018, "UI", instance)
        + _element(0x0010, 0x0010, "PN", name.encode())
        + _element(0x0028, 0x0002, "US", _u16(1))
        + _element(0x0028, 0x0004, "CS", b"MONOCHROME2")
        + _element(0x0028, 0x0010, "US", _u16(4))
        + _element(0x0028, 0x0011, "US", _u16(4))
        + _element(0x0028, 0x0100, "US", _u16(8))
        + _element(0x0028, 0x0101, "US", _u16(8))
        + _element(0x0028, 0x0102, "US", _u16(7))
        + _element(0x0028, 0x0103, "US", _u16(0))
        + _element(0x7FE0, 0x0010, "OB", rng.integers(0, 256, size=16, dtype=np.uint8).tobytes())
    )
    group_length = _element(0x0002, 0x0000, "UL", struct.pack("<I", len(meta)))
    return b"\0" * 128 + b"DICM" + group_length + meta + body


# --- submissions ---------------------------------------------------------------------------------


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"target": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "image_name"] = "ISIC_not_in_test"
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "image_name"] = duplicated_id.loc[0, "image_name"]
    return {
        "missing image_name": sample.drop(columns=["image_name"]),
        "missing target": sample.drop(columns=["target"]),
        "too few rows": sample.iloc[1:],
        "non-numeric target": sample.assign(target="benign"),
        "target above 1": sample.assign(target=1.5),
        "negative target": sample.assign(target=-0.1),
        "unknown image_name": unknown_id,
        "duplicated image_name": duplicated_id,
        "image_name of another type": sample.assign(image_name=range(len(sample))),
        "nan target": sample.assign(target=np.nan),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing image_name": r"Submission is missing column\(s\) \['image_name'\]\.",
    "missing target": r"Submission is missing column\(s\) \['target'\]\.",
    "too few rows": r"Submission has \d+ rows; the test set has \d+\.",
    "non-numeric target": r"Column 'target' must be numeric\.",
    "target above 1": r"Column 'target' must be within \[0, 1\]\.",
    "negative target": r"Column 'target' must be within \[0, 1\]\.",
    "unknown image_name": r"Submission's 'image_name' values do not match the test set's ids \(missing, unknown or duplicated ids\)\.",
    "duplicated image_name": r"Submission's 'image_name' values do not match the test set's ids \(missing, unknown or duplicated ids\)\.",
    "image_name of another type": r"Submission's 'image_name' values do not match the test set's ids \(missing, unknown or duplicated ids\)\.",
    "nan target": r"Column 'target' must not contain NaN\.",
}
