"""The one door through which the harness reads back a file an agent wrote: regular files only, no links followed.

A hostile agent can leave a symbolic link (to the private answers, whose host path it may guess), a fifo that
would hang a reader, a device or a folder where a file is expected. Every folder from the run folder down is
opened with O_NOFOLLOW relative to its parent's descriptor, the file is checked with lstat before it is opened
(so a fifo is never opened for a blocking read) and again with fstat after, and the bytes are read through that
descriptor, so swapping the file after the check cannot win. A hard link to the answers is impossible: the agent
never sees them, and links cannot cross the sandbox's bind mounts. It reads; it never grades or parses.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from pytest_mlebench.errors import InvalidSubmissionError

MAX_JSON_BYTES = 1 << 20
"""The largest JSON file the harness reads back from a run (usage, snapshot index, timeline)."""
_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a fifo"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def kind_of(mode: int) -> str:
    """What a file that is not regular is, in words ("a symbolic link", "a fifo", ...)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@contextlib.contextmanager
def open_agent_file(root: Path, relative: str | Path, max_bytes: int | None = None) -> Iterator[BinaryIO]:
    """Open `root/relative` for reading, refusing anything but a regular file reached without links.

    Args:
        root: the run folder (or, for a user's own file, its folder); `root` itself may be a link.
        relative: the path below `root`; no `..`, no absolute path.
        max_bytes: a larger file is refused unread.

    Raises:
        InvalidSubmissionError: the reason, naming `relative`, e.g. "submission/submission.csv is a symbolic
            link; only regular files are graded".
    """
    rel = PurePosixPath(relative)
    parts = rel.parts
    if not parts or rel.is_absolute() or any(p in ("..", ".") for p in parts):
        raise InvalidSubmissionError(f"{rel} is not a path inside the run folder.")
    try:
        dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        raise InvalidSubmissionError(f"No file at {rel} (its folder is missing).") from None
    try:
        for depth, name in enumerate(parts[:-1], start=1):
            dir_fd = _enter(dir_fd, name, PurePosixPath(*parts[:depth]), rel)
        fd = _open_regular(dir_fd, parts[-1], rel, max_bytes)
    finally:
        os.close(dir_fd)
    with os.fdopen(fd, "rb") as handle:
        yield handle


def read_agent_file(root: Path, relative: str | Path, max_bytes: int) -> bytes:
    """The bytes of `root/relative` through `open_agent_file`; at most `max_bytes` of them."""
    with open_agent_file(root, relative, max_bytes) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew after the size check
        raise InvalidSubmissionError(f"{PurePosixPath(relative)} is over the {max_bytes}-byte limit.")
    return data


def read_agent_json(root: Path, relative: str | Path, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """A small JSON file the agent wrote (usage, snapshot index, timeline), through the same door.

    Raises:
        InvalidSubmissionError: not a regular file, too large, not UTF-8, not JSON, or nested too deep.
    """
    data = read_agent_file(root, relative, max_bytes)
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidSubmissionError(f"{PurePosixPath(relative)} is not UTF-8 text.") from None
    except ValueError as exc:
        raise InvalidSubmissionError(f"{PurePosixPath(relative)} is not valid JSON ({_first_line(exc)}).") from None
    except RecursionError:
        raise InvalidSubmissionError(f"{PurePosixPath(relative)} is nested too deeply to read.") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _enter(dir_fd: int, name: str, folder: PurePosixPath, rel: PurePosixPath) -> int:
    """The descriptor of folder `name` below `dir_fd`, never through a link; closes `dir_fd` only on success."""
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise InvalidSubmissionError(f"No file at {rel}.") from None
    if not stat.S_ISDIR(info.st_mode):
        raise InvalidSubmissionError(f"{folder} (on the way to {rel}) is {kind_of(info.st_mode)}; "
                                     "only regular files in real folders are graded.")
    try:
        child = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except OSError as exc:  # ELOOP/ENOTDIR: swapped for a link after the lstat
        raise InvalidSubmissionError(f"{folder} (on the way to {rel}) changed while it was opened "
                                     f"({exc.strerror}); only regular files in real folders are graded.") from None
    os.close(dir_fd)
    return child


def _open_regular(dir_fd: int, name: str, rel: PurePosixPath, max_bytes: int | None) -> int:
    try:
        before = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise InvalidSubmissionError(f"No file at {rel}.") from None
    if not stat.S_ISREG(before.st_mode):
        raise InvalidSubmissionError(f"{rel} is {kind_of(before.st_mode)}; only regular files are graded.")
    try:
        # O_NONBLOCK: a fifo swapped in after the lstat opens at once instead of waiting for a writer.
        fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        raise InvalidSubmissionError(f"{rel} could not be opened ({exc.strerror}); "
                                     "only regular files are graded.") from None
    after = os.fstat(fd)
    if not stat.S_ISREG(after.st_mode) or (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        raise InvalidSubmissionError(f"{rel} was replaced while it was opened; only regular files are graded.")
    if max_bytes is not None and after.st_size > max_bytes:
        os.close(fd)
        raise InvalidSubmissionError(f"{rel} is {after.st_size} bytes, over the {max_bytes}-byte limit.")
    os.set_blocking(fd, True)
    return fd


__all__ = ["MAX_JSON_BYTES", "kind_of", "open_agent_file", "read_agent_file", "read_agent_json"]
