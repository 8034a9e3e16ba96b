"""Right Whale Redux: a temporal split of Kaggle's four training days, days 1-2 for train and days 3-4 for test.

No randomness: clips are renumbered in time (file name) order; test clips lose their label from the name.
"""

import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd

DAYS = 4
# A fixed member time keeps the archives byte-identical across preparations (MLE-bench's carry the file time).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "train2.zip") as archive:
        archive.extractall(raw)
    by_date: dict[str, list[Path]] = {}
    for clip in (raw / "train2").iterdir():
        by_date.setdefault(clip.name.split("_")[0], []).append(clip)
    if len(by_date) != DAYS:
        raise ValueError(f"Expected clips from {DAYS} days in raw/train2, found {len(by_date)}.")
    dates = sorted(by_date)
    train_clips = sorted(by_date[dates[0]] + by_date[dates[1]])
    test_clips = sorted(by_date[dates[2]] + by_date[dates[3]])

    train_names = [re.sub(r"TRAIN\d+", f"TRAIN{idx}", clip.name) for idx, clip in enumerate(train_clips)]
    test_names = [clip.name.split("TRAIN")[0] + f"Test{idx}.aif" for idx, clip in enumerate(test_clips)]
    _zip_folder(public / "train2.zip", "train2", zip(train_names, train_clips, strict=True))
    _zip_folder(public / "test2.zip", "test2", zip(test_names, test_clips, strict=True))
    shutil.rmtree(raw / "train2")

    labels = [1 if clip.stem.endswith("_1") else 0 for clip in test_clips]
    answers = pd.DataFrame({"clip": test_names, "probability": labels})
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(probability=0).to_csv(public / "sampleSubmission.csv", index=False)


def _zip_folder(archive: Path, folder: str, members) -> None:
    """`folder/` and its files, deflated, as shutil.make_archive lays them out, with fixed times."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        directory = zipfile.ZipInfo(f"{folder}/", date_time=ZIP_TIME)
        directory.external_attr = 0o40755 << 16 | 0x10  # a directory, rwxr-xr-x
        out.writestr(directory, b"")
        for name, source in members:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            out.writestr(info, source.read_bytes())
