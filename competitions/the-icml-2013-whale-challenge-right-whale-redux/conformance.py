"""Answers to the conformance suite: a tiny train2.zip of real AIFF clips in Kaggle's layout, perfect and broken submissions.

AIFF files are written by hand (the stdlib `aifc` module is gone from Python 3.13): a FORM/AIFF container with a
COMM chunk (sample rate as an 80-bit extended float) and an SSND chunk of big-endian 16-bit samples.
"""

import struct
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "clip"
PUBLIC_TEST = "test2.zip"  # the clips' names are the ids; no public CSV lists them apart from the sample
PUBLIC_TRAIN = "train2.zip"
DATES = ["20090328", "20090329", "20090330", "20090331"]
RATE = 2000


def make_raw(raw: Path, rng: np.random.Generator, per_day: int = 6) -> None:
    """raw/train2.zip (train2/<date>_<time>_<offset>_TRAIN<n>_<label>.aif), plus the unused test2.zip and sample."""
    names, n = [], 0
    for date in DATES:
        for k in range(per_day):
            seconds = int(rng.integers(0, 60))
            label = k % 2  # both classes every day, so any two days give a defined AUC
            names.append(f"{date}_{k:02d}{seconds:02d}00_{seconds:03d}s{int(rng.integers(10))}ms_TRAIN{n}_{label}.aif")
            n += 1
    raw.mkdir(parents=True, exist_ok=True)
    # Kaggle's archive lists clips in its own order, not by time.
    with zipfile.ZipFile(raw / "train2.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in rng.permutation(names):
            archive.writestr(f"train2/{name}", aiff(rng))
    tests = [f"20090401_0{k}0000_010s{k}ms_Test{k}.aif" for k in range(3)]
    with zipfile.ZipFile(raw / "test2.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in tests:
            archive.writestr(f"test2/{name}", aiff(rng))
    pd.DataFrame({"clip": tests, "probability": 0}).to_csv(raw / "sampleSubmission.csv", index=False)


def _extended(value: int) -> bytes:
    """A positive integer as an IEEE 754 80-bit extended float (sign+exponent, then a 64-bit mantissa)."""
    exponent = value.bit_length() - 1
    return struct.pack(">HQ", 16383 + exponent, value << (63 - exponent))


def aiff(rng: np.random.Generator, frames: int = 40) -> bytes:
    """A mono 16-bit AIFF clip of `frames` samples at 2 kHz."""
    samples = rng.integers(-3000, 3000, size=frames).astype(">i2").tobytes()
    comm = struct.pack(">hIh", 1, frames, 16) + _extended(RATE)
    ssnd = struct.pack(">II", 0, 0) + samples
    body = b"AIFF" + b"COMM" + struct.pack(">I", len(comm)) + comm + b"SSND" + struct.pack(">I", len(ssnd)) + ssnd
    return b"FORM" + struct.pack(">I", len(body)) + body


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"probability": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "clip"] = "20090101_000000_000s0ms_Test999.aif"
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "clip"] = duplicated_id.loc[0, "clip"]
    return {
        "missing clip": sample.drop(columns=["clip"]),
        "missing probability": sample.drop(columns=["probability"]),
        "too few rows": sample.iloc[1:],
        "non-numeric probability": sample.assign(probability="whale"),
        "probability above 1": sample.assign(probability=1.5),
        "negative probability": sample.assign(probability=-0.1),
        "unknown clip": unknown_id,
        "duplicated clip": duplicated_id,
        "clip of another type": sample.assign(clip=range(len(sample))),
        "nan probability": sample.assign(probability=np.nan),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing clip": r"Submission is missing column\(s\) \['clip'\]\.",
    "missing probability": r"Submission is missing column\(s\) \['probability'\]\.",
    "too few rows": ROW_COUNT,
    "non-numeric probability": r"Column 'probability' must be numeric\.",
    "probability above 1": r"Column 'probability' must be within \[0, 1\]\.",
    "negative probability": r"Column 'probability' must be within \[0, 1\]\.",
    "unknown clip": id_mismatch("clip"),
    "duplicated clip": id_mismatch("clip"),
    "clip of another type": id_mismatch("clip"),
    "nan probability": r"Column 'probability' must not contain NaN\.",
}
