"""UW-Madison GI Tract: 10% of Kaggle's cases (random_state 42) plus the 5th and later days of the other cases
become the test set; scans keep their <case>/<case>_<day>/scans/ folders; the answers carry each slice's size."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PreparationError
from pytest_mlebench.frames import read_csv

TRAIN_DAYS_PER_CASE = 4  # a train case keeps its first 4 days (by day number); later days go to the test set


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    parts = old_train["id"].str.split("_")
    case, day, slice_number = parts.str[0], parts.str[1], parts.str[-1]

    # A numpy object array in first-appearance order, as pandas 2's unique() gives it to train_test_split.
    unique_cases = np.asarray(case.unique(), dtype=object)
    train_cases, test_cases = train_test_split(unique_cases, test_size=0.1, random_state=42)
    train_cases, test_cases = set(train_cases), set(test_cases)
    late_days = set()
    for train_case in sorted(train_cases):
        days = sorted(set(day[case == train_case]), key=lambda d: int(d[3:]))
        late_days |= {(train_case, d) for d in days[TRAIN_DAYS_PER_CASE:]}
    in_test = pd.Series(
        [c in test_cases or (c, d) in late_days for c, d in zip(case, day, strict=True)], index=old_train.index
    )

    _place_scans(raw / "train", public, train_cases, test_cases, late_days)

    new_train = old_train[~in_test].copy()
    new_test = old_train[in_test].copy()
    sizes = _slice_sizes(raw / "train")
    keys = list(zip(case[in_test], day[in_test], slice_number[in_test], strict=True))
    missing = [k for k in keys if k not in sizes]
    if missing:
        raise PreparationError(f"No single scan file for slice {missing[0]} under {raw / 'train'}.")
    # MLE-bench fills these columns cell by cell with .loc, which makes them float64 ('266.0'), width first.
    new_test["image_width"] = [float(sizes[k][0]) for k in keys]
    new_test["image_height"] = [float(sizes[k][1]) for k in keys]

    sample = new_test.drop(columns=["image_height", "image_width"]).assign(segmentation="1 1 5 2")
    sample.rename(columns={"segmentation": "predicted"}).to_csv(
        public / "sample_submission.csv", index=False, na_rep=""
    )
    answers = new_test.rename(columns={"segmentation": "predicted"})
    answers.to_csv(private / "test.csv", index=False, na_rep="")
    new_train.to_csv(public / "train.csv", index=False, na_rep="")
    answers.drop(columns=["predicted", "image_width", "image_height"]).to_csv(
        public / "test.csv", index=False, na_rep=""
    )


def _place_scans(
    scans: Path, public: Path, train_cases: set[str], test_cases: set[str], late_days: set[tuple[str, str]]
) -> None:
    """Every file of a test case's folder to public/test/; a train case's to public/train/, but for its late
    day folders, which go whole to public/test/."""
    pairs = []
    for case in sorted(train_cases | test_cases):
        for source in sorted(p for p in (scans / case).rglob("*") if p.is_file()):
            relative = source.relative_to(scans)
            case_day = relative.parts[1] if len(relative.parts) > 2 else ""
            late = (case, case_day.removeprefix(f"{case}_")) in late_days
            side = "test" if case in test_cases or late else "train"
            pairs.append((source, public / side / relative))
    link_or_copy_many(pairs)


def _slice_sizes(scans: Path) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(case, day, slice number) -> (width, height), from scan names slice_<NNNN>_<width>_<height>_<sx>_<sy>.png;
    a slice with two scan files is left out (MLE-bench asserts exactly one)."""
    sizes: dict[tuple[str, str, str], tuple[int, int]] = {}
    seen: set[tuple[str, str, str]] = set()
    for path in scans.glob("*/*/scans/slice_*_*.png"):
        case, day = path.parent.parent.name.split("_", 1)
        fields = path.stem.split("_")
        key = (case, day, fields[1])
        if key in seen:
            sizes.pop(key, None)
            continue
        seen.add(key)
        sizes[key] = (int(fields[2]), int(fields[3]))
    return sizes
