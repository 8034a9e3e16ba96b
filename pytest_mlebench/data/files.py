"""Placing raw files into the prepared folders at copy speed: hard links where the filesystem allows, a pool of
threads for many copies.

Prepared data is read-only to agents (the runtimes mount or stage it so), so a hard link to the raw file is as
good as a copy and costs no disk. Where linking fails (another filesystem, a filesystem without links) the file
is copied. Bytes are identical either way, so md5 pins hold.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pytest_mlebench.errors import PrerequisiteError

DEFAULT_WORKERS = min(32, (os.cpu_count() or 1) * 4)
_JOBS: contextvars.ContextVar[int | None] = contextvars.ContextVar("placing_jobs", default=None)


@contextlib.contextmanager
def placing_jobs(jobs: int) -> Iterator[None]:
    """Within the block, `link_or_copy_many` places `jobs` files at once unless told otherwise (`--jobs`).

    Preparers only see `prepare(raw, public, private)`, so the caller's choice reaches them this way.
    """
    token = _JOBS.set(max(1, int(jobs)))
    try:
        yield
    finally:
        _JOBS.reset(token)


def link_or_copy(source: Path, target: Path) -> None:
    """Place `source` at `target` (its folder created): a hard link, else a copy. An existing target is replaced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def link_or_copy_many(pairs: Iterable[tuple[Path, Path]], workers: int | None = None) -> int:
    """Place every (source, target) pair as `link_or_copy` does; returns how many.

    Links are made one after another (a hard link is one metadata call: threads would only add their own cost);
    from the first pair that cannot be linked (another filesystem), the rest are placed `workers` at a time,
    where copying pays for threads. `workers` defaults to the enclosing `placing_jobs`, else `DEFAULT_WORKERS`.
    """
    if workers is None:
        workers = _JOBS.get() or DEFAULT_WORKERS
    pairs = list(pairs)
    for folder in {target.parent for _, target in pairs}:
        folder.mkdir(parents=True, exist_ok=True)
    linked = _link_while_possible(pairs)
    rest = pairs[linked:]
    if workers <= 1 or len(rest) < 64:
        for source, target in rest:
            link_or_copy(source, target)
        return len(pairs)
    # A few chunks a worker, not one task a file: 20,000 tasks cost the pool more than the copies themselves.
    chunks = [rest[start::workers * 4] for start in range(workers * 4)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(_place_all, chunks):
            pass
    return len(pairs)


def _place_all(pairs: list[tuple[Path, Path]]) -> None:
    for source, target in pairs:
        link_or_copy(source, target)


def _link_while_possible(pairs: list[tuple[Path, Path]]) -> int:
    """Hard-link pairs in order (replacing an existing target) until one cannot be linked; returns how many were."""
    for done, (source, target) in enumerate(pairs):
        try:
            os.link(source, target)
        except FileExistsError:
            target.unlink()
            try:
                os.link(source, target)
            except OSError:
                return done
        except OSError:
            return done
    return len(pairs)


@dataclasses.dataclass(frozen=True)
class FolderSize:
    """Bytes and regular files under a folder (hard-linked files counted once)."""

    bytes: int
    files: int


def folder_size(folder: Path) -> FolderSize | None:
    """Size of the regular files under `folder` (links not followed, each inode once); None if it is absent."""
    if not folder.is_dir():
        return None
    seen: set[tuple[int, int]] = set()
    total = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            info = os.lstat(os.path.join(root, name))
            if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            total += info.st_size
            files += 1
    return FolderSize(total, files)


def human_bytes(size: int | None) -> str:
    """1536 -> '1.5 KiB'; None -> 'unknown'."""
    if size is None:
        return "unknown"
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


def require_free_space(folder: Path, needed: int, what: str) -> None:
    """Stop with one sentence before writing `needed` bytes under `folder` when the disk has less free."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise PrerequisiteError(
            f"{what} needs about {human_bytes(needed)} free in {folder}, but only {human_bytes(free)} are free; "
            "free some space or choose another --data-dir."
        )
