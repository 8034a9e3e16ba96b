"""Zip and tar archives of a prepared folder, laid out as MLE-bench's preparers lay them out.

MLE-bench's helper lists files in filesystem order with their modification times, so its archives differ
from one preparation to the next (none is pinned). Ours keep its layout (flat, deflated, one entry per
file, named relative to the folder) but sort entries by name and fix their time, so preparing twice gives
the same bytes. Tar archives (`tar_folder`) likewise: sorted members, fixed times and owners.
"""

from __future__ import annotations

import shutil
import tarfile
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


def tar_folder(folder: Path, archive: Path) -> None:
    """Write `archive` as a plain (uncompressed) tar of every regular file under `folder`, named by its path inside
    it with no top-level folder, sorted by name; time 0, owner root, mode rw-r--r--, whatever the suffix says."""
    files = sorted((p for p in Path(folder).rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as out:
        for path in files:
            info = tarfile.TarInfo(path.relative_to(folder).as_posix())
            info.size = path.stat().st_size
            info.mode = 0o644
            with path.open("rb") as src:
                out.addfile(info, src)
