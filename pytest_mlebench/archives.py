"""Zip archives of a prepared folder, laid out as MLE-bench's `compress` helper lays them out.

MLE-bench's helper lists files in filesystem order with their modification times, so its archives differ
from one preparation to the next (none is pinned). Ours keep its layout (flat, deflated, one entry per
file, named relative to the folder) but sort entries by name and fix their time, so preparing twice gives
the same bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def compress_folder(folder: Path, archive: Path) -> None:
    """Write `archive`: one deflated entry per regular file under `folder`, named by its path inside it."""
    files = sorted((p for p in Path(folder).rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            out.writestr(info, path.read_bytes())
