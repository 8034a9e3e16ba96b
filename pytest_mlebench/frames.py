"""Table helpers shared by preparers and graders: MLE-bench's CSV (and JSON-lines answers) reading, one-hot encoding.

Preparers and graders must read and encode exactly as MLE-bench does, or prepared files and scores drift.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

# pandas 3 parses floats exactly by default and deprecates the option MLE-bench passes for the same effect.
_ROUND_TRIP = {"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3 else {}


def read_csv(path: str | Path | BinaryIO, **kwargs) -> pd.DataFrame:
    """Read a CSV as MLE-bench does: round-trip float parsing; an empty file gives an empty frame.

    An open file is read through its descriptor's path where the system has one (Linux' /proc/self/fd), so
    pandas reads it as MLE-bench reads a path, in parallel; the descriptor pins the file that was opened.
    """
    try:
        return pd.read_csv(_descriptor_path(path) or path, **_ROUND_TRIP, **kwargs)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def _descriptor_path(source: object) -> str | None:
    """/proc/self/fd/N for an open regular file read from its start, else None (pandas then reads the handle).

    Opening that path opens the very file the descriptor holds, even if its name was swapped since.
    """
    try:
        descriptor = source.fileno()  # type: ignore[attr-defined]
        regular = os.path.isfile(f"/proc/self/fd/{descriptor}")
        at_start = source.tell() == 0  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None
    return f"/proc/self/fd/{descriptor}" if regular and at_start else None


def read_answers(path: str | Path) -> pd.DataFrame:
    """A prepared answers file as a frame: a CSV as `read_csv` reads it, or JSON lines (one record a line, as
    MLE-bench's `read_jsonl` reads them) with every value as JSON gave it (nested lists and dicts kept)."""
    if Path(path).suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            return pd.DataFrame([json.loads(line) for line in handle if line.strip()])
    return read_csv(path)


def read_csv_pandas2_default(path: str | Path) -> pd.DataFrame:
    """`pandas.read_csv(path)` with floats parsed as pandas 2's default parser parses them.

    For files MLE-bench's preparers read with plain pandas and write back: pandas 2's default ('high') parser is off
    by an ulp for about a fifth of 17-digit numbers, and those values reach the pinned files; pandas 3 parses exactly.
    """
    frame = pd.read_csv(path)
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    if not floats or int(pd.__version__.split(".")[0]) < 3:
        return frame
    text = pd.read_csv(path, usecols=floats, dtype=dict.fromkeys(floats, str))
    for column in floats:
        frame[column] = np.array([np.nan if pd.isna(t) else pandas2_float(t) for t in text[column]], dtype=float)
    return frame


_POWERS_OF_TEN = [float(f"1e{k}") for k in range(309)]


def pandas2_float(text: str) -> float:
    """A decimal as pandas 2's `precise_xstrtod` reads it: up to 17 digits accumulated in double arithmetic, then
    one multiplication or division by a power of ten. Words it does not read (inf, nan) go through float()."""
    s = text.strip()
    i, n = 0, len(s)
    negative = i < n and s[i] == "-"
    i += i < n and s[i] in "+-"
    number, exponent, digits = 0.0, 0, 0
    while i < n and s[i].isdigit():
        if digits < 17:
            number, digits = number * 10.0 + (ord(s[i]) - 48), digits + 1
        else:
            exponent += 1
        i += 1
    if i < n and s[i] == ".":
        i += 1
        while digits < 17 and i < n and s[i].isdigit():
            number, digits, exponent = number * 10.0 + (ord(s[i]) - 48), digits + 1, exponent - 1
            i += 1
        while i < n and s[i].isdigit():
            i += 1
    if digits == 0:
        return float(text)
    number = -number if negative else number
    if i < n and s[i] in "eE" and i + 1 < n:
        j = i + 1
        sign = -1 if s[j] == "-" else 1
        j += s[j] in "+-"
        value, count = 0, 0
        while count < 17 and j < n and s[j].isdigit():
            value, count, j = value * 10 + (ord(s[j]) - 48), count + 1, j + 1
        exponent += sign * value
    if exponent > 308:
        return math.copysign(math.inf, number)
    if exponent > 0:
        return number * _POWERS_OF_TEN[exponent]
    if exponent < -616:
        return 0.0 * number
    if exponent < -308:
        return number / _POWERS_OF_TEN[-308 - exponent] / _POWERS_OF_TEN[308]
    return number / _POWERS_OF_TEN[-exponent]


def df_to_one_hot(df: pd.DataFrame, id_column: str, target_column: str, classes: Sequence[str]) -> pd.DataFrame:
    """One row per input row: the id, then one 0/1 integer column per class, in `classes` order."""
    targets = df[target_column].to_numpy()
    # Built in one go: inserting 100+ class columns one by one fragments the frame (pandas warns).
    columns = {id_column: df[id_column].to_numpy(), **{cls: (targets == cls).astype(int) for cls in classes}}
    return pd.DataFrame(columns)
