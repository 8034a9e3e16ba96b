"""Zip (zipfile) and 7z (py7zr) archives: list members, extract safely, write from in-memory members.

Writers fix each entry's time, so writing the same members twice gives the same zip bytes. The MLE-bench
layout of a prepared folder's zip stays in `pytest_mlebench.archives`.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import py7zr

from pytest_mlebench.archives import ZIP_TIME

_MEMBER_TIME = datetime.datetime(*ZIP_TIME, tzinfo=datetime.timezone.utc).timestamp()


class ArchiveError(ValueError):
    """An archive that cannot be read, or a member whose path would land outside the extraction folder."""


def _kind(archive: Path) -> str:
    suffix = Path(archive).suffix.lower()
    if suffix not in (".zip", ".7z"):
        raise ArchiveError(f"{Path(archive).name}: unsupported archive type {suffix!r} (zip or 7z).")
    return suffix


def list_members(archive: Path) -> list[str]:
    """The member names of a zip or 7z archive (files and folders), in archive order."""
    try:
        if _kind(archive) == ".zip":
            with zipfile.ZipFile(archive) as handle:
                return handle.namelist()
        with py7zr.SevenZipFile(archive, "r") as handle:
            return handle.getnames()
    except (zipfile.BadZipFile, py7zr.exceptions.ArchiveError, OSError) as exc:
        raise ArchiveError(f"{Path(archive).name}: not a readable archive ({exc}).") from exc


def _check_member(name: str) -> None:
    path = name.replace("\\", "/")
    if path.startswith("/") or ".." in path.split("/"):
        raise ArchiveError(f"Archive member {name!r} would be extracted outside the target folder.")


def extract(archive: Path, folder: Path) -> list[Path]:
    """Extract every member of `archive` under `folder`; `ArchiveError` before writing anything if a member's
    path is absolute or climbs out with '..'. Returns the extracted files."""
    names = list_members(archive)
    for name in names:
        _check_member(name)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if _kind(archive) == ".zip":
        if not _unzip(archive, folder):
            with zipfile.ZipFile(archive) as handle:
                handle.extractall(folder)
    else:
        with py7zr.SevenZipFile(archive, "r") as handle:
            handle.extractall(path=folder)
    # Names sorted as text, then made paths: sorting 100,000 paths costs more than extracting their names.
    return [path for path in (folder / name for name in sorted(names) if not name.endswith("/")) if path.is_file()]


def _unzip(archive: Path, folder: Path) -> bool:
    """Extract through Info-ZIP's `unzip` where it is installed (several times faster than zipfile on many small
    files; the same bytes); False where it is absent or fails, so zipfile extracts instead."""
    program = shutil.which("unzip")
    if program is None:
        return False
    result = subprocess.run([program, "-q", "-o", str(archive), "-d", str(folder)], capture_output=True)
    return result.returncode in (0, 1)  # 1: warnings only, every file extracted


def write_archive(archive: Path, members: Mapping[str, bytes], *, compress: bool = True) -> None:
    """Write a zip or 7z archive (by suffix) holding `members` (name -> content) in the given order.

    Entries carry a fixed time, so writing the same members twice gives the same bytes.
    """
    _write(archive, {name: (lambda data=data: data) for name, data in members.items()}, compress)


def write_file_archive(archive: Path, members: Mapping[str, Path], *, compress: bool = True) -> None:
    """As `write_archive`, with each member's content read from a file (name -> path) only while it is written."""
    _write(archive, {name: path.read_bytes for name, path in members.items()}, compress)


def _write(archive: Path, members: Mapping[str, Callable[[], bytes]], compress: bool) -> None:
    for name in members:
        _check_member(name)
    if _kind(archive) == ".zip":
        method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        with zipfile.ZipFile(archive, "w") as handle:
            for name, read in members.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = method
                info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                handle.writestr(info, read())
        return
    filters = None if compress else [{"id": py7zr.FILTER_COPY}]
    # py7zr stamps an in-memory member with the current time, and a file member with its mtime (the only time a
    # 7z header holds): members are staged as files with ZIP_TIME as their mtime and a fixed mode. The staging
    # folder outlives the archive, which py7zr finishes writing when it is closed.
    with tempfile.TemporaryDirectory() as staging, py7zr.SevenZipFile(archive, "w", filters=filters) as handle:
        for index, (name, read) in enumerate(members.items()):
            member = Path(staging) / str(index)
            member.write_bytes(read())
            member.chmod(0o644)
            os.utime(member, (_MEMBER_TIME, _MEMBER_TIME))
            handle.write(member, arcname=name)


def write_folder_archive(folder: Path, archive: Path, *, compress: bool = True) -> None:
    """A zip or 7z archive of every file under `folder`, named by its path inside it, sorted by name."""
    files = sorted((p for p in Path(folder).rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    write_archive(archive, {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}, compress=compress)
