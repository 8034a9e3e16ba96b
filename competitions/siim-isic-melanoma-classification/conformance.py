"""Answers to the conformance suite: tiny raw data in Kaggle's layout, down to real TFRecord shards and DICOM files.

TFRecord shards and DICOM files are written through `pytest_mlebench.data.formats` (no TensorFlow).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import dicom_bytes, noise_image, tfrecord_bytes

BEST_SCORE = 1.0
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
    images = {name: noise_image(rng, (6, 6, 3), "JPEG") for name in names}
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
        (raw / "tfrecords" / shard).write_bytes(tfrecord_bytes(examples))
    (raw / "tfrecords" / "test00-3.tfrec").write_bytes(tfrecord_bytes([_example(n, images[n], 0) for n in test_names]))
    train.to_csv(raw / "train.csv", index=False)
    test = train.iloc[:3, :5].assign(image_name=test_names)
    test.to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"image_name": test_names, "target": 0}).to_csv(raw / "sample_submission.csv", index=False)


def _example(name: str, image: bytes, target: int) -> dict[str, list]:
    """A tf.train.Example's features as Kaggle's shards hold them: image, image_name and (the leak) target."""
    return {"image": [image], "image_name": [name.encode()], "target": [target]}


def _dicom(name: str, rng: np.random.Generator) -> bytes:
    """A minimal DICOM file: secondary capture, 4x4 8-bit grayscale, explicit VR little endian."""
    instance = f"1.2.826.0.1.3680043.8.1055.1.{rng.integers(10**9)}"
    pixels = rng.integers(0, 256, size=16, dtype=np.uint8).reshape(4, 4)
    return dicom_bytes(pixels, instance, PatientName=name)


# --- submissions ---------------------------------------------------------------------------------


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"target": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones of the submission schema."""
    return {
        "negative target": sample.assign(target=-0.1),
        "image_name of another type": sample.assign(image_name=range(len(sample))),
    }


INVALID_REASONS = {
    "negative target": r"Column 'target' must be within \[0, 1\]\.",
    "image_name of another type": r"Submission's 'image_name' values do not match the test set's ids",
}
