"""Progress bars for `mlebench prepare`: one rich bar per competition through download and preparation.

They draw on a terminal only; where stderr is a file or a pipe (CI logs, `2> log`) nothing is written.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from pytest_mlebench.data.files import human_bytes

STEPS = ("downloading", "unpacking", "preparing", "checking", "auditing")
Downloader = Callable[[str, Path], Path]


class PrepareProgress:
    """A context manager holding one bar per competition; inert unless `console` is a terminal."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
            console=self.console, disable=not self.enabled,
        )

    def __enter__(self) -> PrepareProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def bar(self, competition_id: str, download_size: int | None = None) -> CompetitionBar:
        """A new bar for `competition_id`; `download_size`: the archive's bytes, where the preflight learnt them."""
        task = self._progress.add_task(competition_id, total=len(STEPS), detail="waiting")
        return CompetitionBar(self._progress, task, competition_id, download_size)


class CompetitionBar:
    """One competition's bar: steps as they start (`step`), bytes while downloading (`watch_download`)."""

    def __init__(self, progress: Progress, task: TaskID, competition_id: str, download_size: int | None) -> None:
        self._progress, self._task, self._id, self._size = progress, task, competition_id, download_size

    def step(self, name: str) -> None:
        done = STEPS.index(name) if name in STEPS else 0
        self._progress.update(self._task, total=len(STEPS), completed=done, detail=name)

    def finish(self, status: str) -> None:
        self._progress.update(self._task, total=len(STEPS), completed=len(STEPS), detail=status)

    def watch_download(self, download: Downloader) -> Downloader:
        """`download`, with the bar following the bytes it writes (polled; the kaggle client prints its own)."""

        def watched(competition_id: str, dest_dir: Path) -> Path:
            stop = threading.Event()

            def poll() -> None:
                while not stop.wait(0.25):
                    got = _partial_download_bytes(Path(dest_dir))
                    total = self._size or max(got, 1)
                    self._progress.update(self._task, total=total, completed=got,
                                          detail=f"downloading {human_bytes(got)} of {human_bytes(self._size)}")

            watcher = threading.Thread(target=poll, daemon=True)
            watcher.start()
            try:
                return download(competition_id, dest_dir)
            finally:
                stop.set()
                watcher.join()

        return watched


def _partial_download_bytes(dest_dir: Path) -> int:
    """Bytes in the download's private folders (`.download-*`, see data.download) under `dest_dir`."""
    total = 0
    for folder in dest_dir.glob(".download-*"):
        for root, _, names in os.walk(folder):
            for name in names:
                try:
                    total += os.path.getsize(os.path.join(root, name))
                except OSError:
                    pass  # renamed into place meanwhile
    return total
