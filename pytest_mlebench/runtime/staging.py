"""Neutral host folders for what a sandbox binds, so its mount table names no competition, run group or data path.

A bind mount shows its source path in /proc/self/mountinfo, so both runtimes bind folders staged under
`$MLEBENCH_STAGE_DIR/<random token>/`: public data as hard links (never a copy), empty output folders whose
contents are moved into the run folder afterwards. It never reads or links the private answers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import secrets
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pytest_mlebench.results import write_json_atomic
from pytest_mlebench.runtime import RunSpec

STAGE_DIR_ENV = "MLEBENCH_STAGE_DIR"
OUTPUTS = ("submission", "logs", "code")
SEEDED = ("submission", "code")  # copied in before the run; logs/ holds the harness's own files
RECORD = "staging.json"
OWNER = ".owner"  # in the token folder, never bound: host:pid:start-time of the process that staged it
# Files the harness writes into the run's logs/ itself: a sandbox file of the same name lands beside them.
HARNESS_LOGS = frozenset({"agent.log", "docker.json", RECORD})
_LINK_FAILURES = (errno.EXDEV, errno.EPERM, errno.EACCES, errno.EMLINK, errno.EROFS, errno.ENOSPC)


@dataclasses.dataclass(frozen=True)
class Stage:
    """One run's staged folders: `spec` is the run's spec with every bound path replaced by a staged one."""

    folder: Path
    spec: RunSpec
    data: str  # "linked", "linked on the data's filesystem" or "original" (the public folder bound as is)
    note: str | None = None  # one sentence when the data could not be staged
    removable: tuple[Path, ...] = ()


def stage_root() -> Path:
    """`$MLEBENCH_STAGE_DIR`, by default `<tmp>/mlebench-stage`; created sticky and world-writable like /tmp."""
    root = Path(os.environ.get(STAGE_DIR_ENV) or Path(tempfile.gettempdir()) / "mlebench-stage")
    if not root.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(PermissionError):
            os.chmod(root, 0o1777)  # every user's sessions share it; token folders are private (0700)
    return root


def token_folder(root: Path | None = None) -> Path:
    """A new private folder named by a random token under the stage root, marked with the process that owns it."""
    root = stage_root() if root is None else root
    folder = root / secrets.token_hex(8)
    folder.mkdir(mode=0o700)
    (folder / OWNER).write_text(_process_label(os.getpid()))
    return folder


def reap_stale(root: Path | None = None) -> list[Path]:
    """Remove token folders whose owning process on this host has died (a SIGKILLed worker); returns them."""
    root = stage_root() if root is None else root
    removed = []
    for folder in root.iterdir() if root.is_dir() else ():
        try:
            host, pid, started = (folder / OWNER).read_text().split(":")
        except (OSError, ValueError):
            continue  # not ours, or still being made
        if host == socket.gethostname() and _process_label(int(pid)) != f"{host}:{pid}:{started}":
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _process_label(pid: int) -> str:
    """`host:pid:start-time`, so that a reused pid is not taken for the owner."""
    try:  # field 22 of /proc/<pid>/stat, counted after the parenthesised command name
        started = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "gone"
    return f"{socket.gethostname()}:{pid}:{started}"


def socket_folder() -> Path:
    """A private folder at a neutral path for a run's checker socket (short: Unix sockets allow ~100 bytes)."""
    return token_folder()


def stage_run(spec: RunSpec, owner: tuple[int, int] | None = None) -> Stage:
    """Stage `spec`'s data, instructions and output folders; `owner` (uid, gid) gets the output folders."""
    reap_stale()
    folder = token_folder()
    for name in OUTPUTS:
        path = folder / name
        path.mkdir(mode=0o755)
        existing = Path(spec.run_dir) / name
        if name in SEEDED and existing.is_dir():  # what the harness placed for the agent (e.g. a probe script)
            shutil.copytree(existing, path, symlinks=True, dirs_exist_ok=True)
        if owner is not None:
            _chown_tree(path, *owner)
    instructions = Path(spec.instructions)  # a missing one stays named as it is: the runtime reports it
    if instructions.is_file():
        instructions = folder / "instructions.txt"
        shutil.copyfile(spec.instructions, instructions)
    public, data, note, removable = _stage_data(spec, folder)
    staged = dataclasses.replace(
        spec, public_dir=public, run_dir=folder, instructions=instructions,
        description=public / "description.md" if data != "original" else spec.description,
    )
    stage = Stage(folder=folder, spec=staged, data=data, note=note, removable=(folder, *removable))
    # live_folder: where submission/, logs/ and code/ grow during the run, for a user who watches it
    record = {"data": data, "note": note, "live_folder": str(folder)}
    Path(spec.logs_dir).mkdir(parents=True, exist_ok=True)
    write_json_atomic(Path(spec.logs_dir) / RECORD, record)
    return stage


def collect(stage: Stage, spec: RunSpec) -> None:
    """Move what the sandbox wrote into the run folder (merged with the harness's own files), then remove the stage.

    As root, everything moved is given to the run folder's owner.
    """
    try:
        for name in OUTPUTS:
            source = stage.folder / name
            if source.is_dir():
                target = Path(spec.run_dir) / name
                _merge(source, target, HARNESS_LOGS if name == "logs" else frozenset())
                if os.geteuid() == 0:
                    owner = Path(spec.run_dir).stat()
                    _chown_tree(target, owner.st_uid, owner.st_gid)
    finally:
        for path in stage.removable:
            shutil.rmtree(path, ignore_errors=True)  # hard links only: the public files themselves stay


@contextlib.contextmanager
def staged(spec: RunSpec, owner: tuple[int, int] | None = None) -> Iterator[Stage]:
    """`stage_run` for the length of the block; the outputs are collected however the block ends."""
    stage = stage_run(spec, owner)
    try:
        yield stage
    finally:
        collect(stage, spec)


def _stage_data(spec: RunSpec, folder: Path) -> tuple[Path, str, str | None, tuple[Path, ...]]:
    public = Path(spec.public_dir).resolve()
    target = folder / "data"
    try:
        _link_tree(public, target, Path(spec.description))
        return target, "linked", None, ()
    except OSError as error:
        if error.errno not in _LINK_FAILURES:
            raise
        shutil.rmtree(target, ignore_errors=True)
    # Hard links cannot cross filesystems: stage beside the data instead (<data-dir>/.stage/<token>).
    fallback: Path | None = None
    try:
        fallback = token_folder(_data_stage_root(public))
        _link_tree(public, fallback / "data", Path(spec.description))
        return fallback / "data", "linked on the data's filesystem", None, (fallback,)
    except OSError as error:
        if fallback is not None:
            shutil.rmtree(fallback, ignore_errors=True)
        note = (f"The public data could not be hard-linked into a neutral folder ({error.strerror}), so the sandbox "
                "binds it from its host path, which its mount table shows.")
        return public, "original", note, ()


def _data_stage_root(public: Path) -> Path:
    data_dir = public.parents[2] if len(public.parents) > 2 else public.parent  # <data-dir>/<id>/prepared/public
    root = data_dir / ".stage"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _link_tree(source: Path, target: Path, description: Path) -> None:
    """`target` as a tree of hard links to `source`'s files, with `description` copied in as description.md."""
    for directory, folders, files in os.walk(source):
        here = target / Path(directory).relative_to(source)
        here.mkdir(mode=0o755)
        for name in folders + files:
            entry = os.path.join(directory, name)
            if os.path.islink(entry):
                os.symlink(os.readlink(entry), here / name)
            elif name in files:
                os.link(entry, here / name)
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(directory, name))]
    if description.is_file() and description.resolve() != (source / "description.md").resolve():
        shown = target / "description.md"
        shown.unlink(missing_ok=True)
        shutil.copyfile(description, shown)  # e.g. --description obfuscated; a copy: never write through a link
        os.chmod(shown, 0o644)


def _merge(source: Path, target: Path, kept: frozenset[str]) -> None:
    """Move `source`'s entries into `target`; the sandbox's files win, except names in `kept` (kept, the
    sandbox's copy lands beside as `<name>.sandbox`)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        dest = target / entry.name
        if _is_dir(entry) and _is_dir(dest):
            _merge(entry, dest, frozenset())
            continue
        if entry.name in kept and os.path.lexists(dest):
            dest = target / f"{entry.name}.sandbox"
        if _is_dir(dest):
            shutil.rmtree(dest)
        elif os.path.lexists(dest):
            dest.unlink()
        shutil.move(str(entry), str(dest))


def _is_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    for directory, folders, files in os.walk(root):
        for name in folders + files:
            os.lchown(os.path.join(directory, name), uid, gid)
    os.lchown(root, uid, gid)


__all__ = ["STAGE_DIR_ENV", "Stage", "collect", "reap_stale", "socket_folder", "stage_root", "stage_run", "staged"]
