"""Table helpers shared by preparers and graders: MLE-bench's CSV (and JSON-lines answers) reading, one-hot encoding.

Preparers and graders must read and encode exactly as MLE-bench does, or prepared files and scores drift.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

# pandas 3 parses floats exactly by default and deprecates the option MLE-bench passes for the same effect.
_ROUND_TRIP = {"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3 else {}


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a CSV as MLE-bench does: round-trip float parsing; an empty file gives an empty frame."""
    try:
        return pd.read_csv(path, **_ROUND_TRIP, **kwargs)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def read_answers(path: str | Path) -> pd.DataFrame:
    """A prepared answers file as a frame: a CSV as `read_csv` reads it, or JSON lines (one record a line, as
    MLE-bench's `read_jsonl` reads them) with every value as JSON gave it (nested lists and dicts kept)."""
    if Path(path).suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            return pd.DataFrame([json.loads(line) for line in handle if line.strip()])
    return read_csv(path)


def df_to_one_hot(df: pd.DataFrame, id_column: str, target_column: str, classes: Sequence[str]) -> pd.DataFrame:
    """One row per input row: the id, then one 0/1 integer column per class, in `classes` order."""
    targets = df[target_column].to_numpy()
    # Built in one go: inserting 100+ class columns one by one fragments the frame (pandas warns).
    columns = {id_column: df[id_column].to_numpy(), **{cls: (targets == cls).astype(int) for cls in classes}}
    return pd.DataFrame(columns)
