"""Zip archives of a prepared folder, laid out as MLE-bench's `compress` helper lays them out.

MLE-bench's helper lists files in filesystem order with their modification times, so its archives differ
from one preparation to the next (none is pinned). Ours keep its layout (flat, deflated, one entry per
file, named relative to the folder) but sort entries by name and fix their time, so preparing twice gives
the same bytes.
"""

from __future__ import annotations

import shutil
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


def zip_single_file(member: Path, archive: Path, compression: int = zipfile.ZIP_STORED) -> None:
    """Write `archive` with one entry named after `member` at its root (stored by default, as ZipFile.write)."""
    info = zipfile.ZipInfo(member.name, date_time=ZIP_TIME)
    info.compress_type = compression
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    info.file_size = member.stat().st_size
    with zipfile.ZipFile(archive, "w") as out, out.open(info, "w") as dst, member.open("rb") as src:
        shutil.copyfileobj(src, dst, 1 << 20)
