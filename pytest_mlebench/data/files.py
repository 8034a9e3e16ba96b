"""Placing raw files into the prepared folders at copy speed: hard links where the filesystem allows, a pool of
threads for many files.

Prepared data is read-only to agents (the runtimes mount or stage it so), so a hard link to the raw file is as
good as a copy and costs no disk. Where linking fails (another filesystem, a filesystem without links) the file
is copied. Bytes are identical either way, so md5 pins hold.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DEFAULT_WORKERS = min(32, (os.cpu_count() or 1) * 4)


def link_or_copy(source: Path, target: Path) -> None:
    """Place `source` at `target` (its folder created): a hard link, else a copy. An existing target is replaced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def link_or_copy_many(pairs: Iterable[tuple[Path, Path]], workers: int = DEFAULT_WORKERS) -> int:
    """Place every (source, target) pair as `link_or_copy` does, `workers` at a time; returns how many."""
    pairs = list(pairs)
    for folder in {target.parent for _, target in pairs}:
        folder.mkdir(parents=True, exist_ok=True)
    if workers <= 1 or len(pairs) < 64:
        for source, target in pairs:
            link_or_copy(source, target)
        return len(pairs)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(lambda pair: link_or_copy(*pair), pairs):
            pass
    return len(pairs)
