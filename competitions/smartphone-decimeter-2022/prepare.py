"""Google Smartphone Decimeter 2022: Kaggle's training drives split by calendar date (10% of dates, random_state 0).

Whole drive folders (every phone) are placed under public/train or public/test; the test phones' ground truth
becomes the answers and is removed from public/test.
"""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv_pandas2_default

SAMPLE_LATITUDE = 37.904611315634504
SAMPLE_LONGITUDE = -86.48107806249548
ANSWER_COLUMNS = ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    drives = sorted(p.name for p in (raw / "train").iterdir() if p.is_dir())
    dates = sorted({drive_date(drive) for drive in drives})
    train_dates, test_dates = train_test_split(dates, test_size=0.1, random_state=0)
    if not train_dates or not test_dates:
        raise ValueError(f"raw/train holds drives of {len(dates)} date(s); the split needs dates on both sides.")
    sides = {"train": set(train_dates), "test": set(test_dates)}

    _place_tree(raw / "metadata", public / "metadata")
    for side, chosen in sides.items():
        for drive in (d for d in drives if drive_date(d) in chosen):
            _place_tree(raw / "train" / drive, public / side / drive)

    trips = []
    for path in sorted((public / "test").rglob("ground_truth.csv")):
        # MLE-bench reads the ground truth with plain pandas 2, whose default float parser the answers keep.
        truth = read_csv_pandas2_default(path).assign(tripId=f"{path.parent.parent.name}-{path.parent.name}")
        trips.append(truth[ANSWER_COLUMNS])
    answers = pd.concat(trips, ignore_index=True)
    for path in (public / "test").rglob("ground_truth.csv"):
        path.unlink()

    answers.to_csv(private / "test.csv", index=False)
    sample = answers.assign(LatitudeDegrees=SAMPLE_LATITUDE, LongitudeDegrees=SAMPLE_LONGITUDE)
    sample.to_csv(public / "sample_submission.csv", index=False)


def drive_date(drive: str) -> str:
    """'2020-5-15-US-MTV-1' -> '2020-05-15' (MLE-bench zero-pads month and day)."""
    parts = drive.split("-")[:3]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"Drive folder raw/train/{drive} does not start with a date (YYYY-MM-DD).")
    year, month, day = parts
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _place_tree(source: Path, target: Path) -> None:
    """A copy of the folder `source` at `target` (files hard-linked; empty folders kept, as copytree keeps them)."""
    shutil.copytree(source, target, dirs_exist_ok=True, copy_function=_noop)
    link_or_copy_many((p, target / p.relative_to(source)) for p in sorted(source.rglob("*")) if p.is_file())


def _noop(source: str, target: str) -> None:
    """copytree's file step is left to link_or_copy_many; copytree only makes the folders."""
