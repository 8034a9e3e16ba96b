"""Parquet tables through pyarrow: read into and write from pandas frames (index dropped)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def read_parquet(path: Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A parquet file (or folder of parts) as a DataFrame, optionally only `columns`."""
    return pq.read_table(path, columns=list(columns) if columns is not None else None).to_pandas()


def write_parquet(frame: pd.DataFrame, path: Path, *, compression: str = "snappy") -> None:
    """Write `frame` as one parquet file, without its index."""
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, compression=compression)
