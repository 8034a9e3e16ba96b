"""The disk quota of a run's writable folders: a watchdog that measures them and stops the agent when over.

It only measures and calls back; how the agent is stopped is the runtime's business.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

DISK_POLL_S = 3.0


def disk_usage(folders: Iterable[Path]) -> int:
    """Bytes the folders hold on disk (allocated blocks: a sparse file counts what it uses, a hard link once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    stack = [str(f) for f in folders]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:  # removed, or a folder the agent made unreadable: its blocks are not ours to find
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_blocks * 512
    return total


class DiskWatchdog(threading.Thread):
    """Every `interval` seconds, measures `folders`; over `quota` bytes, calls `on_exceeded` once and stops."""

    def __init__(self, folders: Iterable[Path], quota: int, on_exceeded: Callable[[], None],
                 interval: float = DISK_POLL_S) -> None:
        super().__init__(name="mlebench-disk-quota", daemon=True)
        self.folders = [Path(f) for f in folders]
        self.quota = quota
        self.on_exceeded = on_exceeded
        self.interval = interval
        self.exceeded = False
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            if self.check():
                return

    def check(self) -> bool:
        """Measure now; True (and the callback, the first time) when over the quota."""
        if not self.exceeded and disk_usage(self.folders) > self.quota:
            self.exceeded = True
            self.on_exceeded()
        return self.exceeded

    def finish(self) -> bool:
        """Stop watching and measure once more (the agent may have written past the last poll); True when over."""
        self._stop_event.set()
        if self.is_alive():
            self.join()
        return self.check()
