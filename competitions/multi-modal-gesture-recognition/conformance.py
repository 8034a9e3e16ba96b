"""Answers to the conformance suite: tiny raw data in Kaggle's layout: training.csv, batches of SampleNNNNN.zip
(each holding a Matlab data file with the sample's Labels) in training1-4 and validation1-3 tar.gz archives, and
the 7z and zip extras."""

import gzip
import io
import os
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import py7zr
import scipy.io

from pytest_mlebench.archives import ZIP_TIME

BEST_SCORE = 0.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "training.csv"
GESTURES = ["vattene", "vieniqui", "perfetto", "furbo", "cheduepalle", "chevuoi", "daccordo", "seipazzo",
            "combinato", "freganiente", "ok", "cosatifarei", "basta", "prendere", "noncenepiu", "fame",
            "tantotempo", "buonissimo", "messidaccordo", "sonostufo"]
# Kaggle's batches of training samples by Id; training4 becomes the test set.
BATCHES = {"training1": [1, 2, 3, 4, 5], "training2": [6, 7, 8, 9], "training3": [10, 11, 12, 13, 14],
           "training4": [21, 15, 18, 16, 20, 17]}
MAT_HEADER = b"MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon Apr 22 10:00:00 2013"


def mat_file(sequence: list[int], rng: np.random.Generator) -> bytes:
    """A SampleNNNNN_data.mat: its Video struct with frame count and the Labels (gesture name, begin, end frame)."""
    labels = np.zeros(len(sequence), dtype=[("Name", object), ("Begin", float), ("End", float)])
    for i, gesture in enumerate(sequence):
        labels[i] = (GESTURES[gesture - 1], 10.0 * i + 1, 10.0 * i + 8)
    buffer = io.BytesIO()
    video = {"NumFrames": float(10 * len(sequence) + 5), "FrameRate": 20.0, "MaxDepth": 2000.0, "Labels": labels,
             "Skeleton": rng.normal(size=(2, 3))}
    scipy.io.savemat(buffer, {"Video": video})
    data = buffer.getvalue()
    # savemat stamps the current time into its 116-byte text header; a fixed header keeps raw files reproducible.
    return MAT_HEADER.ljust(116) + data[116:]


def sample_zip(sample: str, sequence: list[int], rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"{sample}_data.mat", ZIP_TIME), mat_file(sequence, rng))
        archive.writestr(zipfile.ZipInfo(f"{sample}_audio.wav", ZIP_TIME), b"RIFF\x00\x00\x00\x00WAVE")
    return buffer.getvalue()


def tar_gz(path: Path, members: dict[str, bytes]) -> None:
    with open(path, "wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as zipped, \
            tarfile.open(fileobj=zipped, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def seven_zip(path: Path, members: dict[str, bytes]) -> None:
    """py7zr records file times: write from files of a fixed time so that the archive's bytes are reproducible."""
    with tempfile.TemporaryDirectory() as folder:
        with py7zr.SevenZipFile(path, "w") as archive:
            for n, (name, data) in enumerate(members.items()):
                source = Path(folder) / str(n)
                source.write_bytes(data)
                os.utime(source, (0, 0))
                archive.write(source, name)


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/training.csv, training1-4.tar.gz, validation1-3.tar.gz, devel01-40.7z, valid_all_files_combined.7z,
    sample_code_mmrgc.zip, and Kaggle's unused test.csv and randomPredictions.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    ids = sorted(i for batch in BATCHES.values() for i in batch)
    sequences = {i: [int(g) for g in rng.choice(np.arange(1, 21), size=int(rng.integers(2, 7)), replace=False)]
                 for i in ids}
    pd.DataFrame({"Id": [f"{i:04d}" for i in ids],
                  "Sequence": [" ".join(map(str, sequences[i])) for i in ids]}).to_csv(raw / "training.csv", index=False)
    for batch, batch_ids in BATCHES.items():
        tar_gz(raw / f"{batch}.tar.gz",
               {f"Sample{i:05d}.zip": sample_zip(f"Sample{i:05d}", sequences[i], rng) for i in batch_ids})
    for k, first in enumerate((410, 420, 430), start=1):
        # Validation samples carry empty Labels, as Kaggle's did.
        tar_gz(raw / f"validation{k}.tar.gz",
               {f"Sample{first + j:05d}.zip": sample_zip(f"Sample{first + j:05d}", [], rng) for j in range(2)})
    seven_zip(raw / "devel01-40.7z", {"devel01/K_1.avi": b"avi", "devel01/devel01_train.csv": b"1,2\n"})
    seven_zip(raw / "valid_all_files_combined.7z", {"Sample00410_data.mat": mat_file([], rng)})
    with zipfile.ZipFile(raw / "sample_code_mmrgc.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo("sample_code_mmrgc/main.m", ZIP_TIME), b"% sample code\n")
    pd.DataFrame({"Id": ["0700", "0701"]}).to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"Id": ["0700", "0701"], "Sequence": ["1 2 3", "4 5"]}).to_csv(raw / "randomPredictions.csv",
                                                                                 index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Sequence"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies: tokens int() cannot read."""
    return {
        "comma-separated gestures": sample.assign(Sequence="2,12,3"),
        "decimal gesture": sample.assign(Sequence="3.0"),
        "gesture names": sample.assign(Sequence="ok basta"),
    }


_REASON = r"Column 'Sequence' must hold gesture numbers \(integers\) separated by spaces in every row\."
INVALID_REASONS = {"comma-separated gestures": _REASON, "decimal gesture": _REASON, "gesture names": _REASON}
