"""One run's cgroup through the cgroup filesystem: v2 where its controllers are delegated to us, else v1.

It creates, limits, inspects and removes cgroups under the harness's own; it never starts the agent.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
CPU_PERIOD_US = 100_000
V1 = "cgroup v1"
V2 = "cgroup v2"


@dataclasses.dataclass(frozen=True)
class Parent:
    """Where a controller's run cgroups go: the hierarchy's version and the folder to create them in."""

    version: str
    path: Path


def controller_parents(root: Path, controllers: list[str], self_cgroup: Path = Path("/proc/self/cgroup")
                       ) -> dict[str, Parent]:
    """For each of `controllers` we may limit here, the cgroup folder to create a run's cgroup in."""
    try:
        memberships = _memberships(self_cgroup.read_text())
    except OSError:
        memberships = {}
    found: dict[str, Parent] = {}
    unified = next((p for p in (root, root / "unified") if (p / "cgroup.controllers").is_file()), None)
    if unified is not None:
        parent = _own_folder(unified, memberships.get(""))
        for controller in _delegate(parent, controllers):
            found[controller] = Parent(V2, parent)
    for controller in controllers:
        if controller in found:
            continue
        mount = root / controller
        if (mount / "cgroup.procs").is_file():
            parent = _own_folder(mount, memberships.get(controller))
            if os.access(parent, os.W_OK):
                found[controller] = Parent(V1, parent)
    return found


def _memberships(text: str) -> dict[str, str]:
    """/proc/self/cgroup as controller -> path ('' for the v2 hierarchy)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for name in parts[1].split(",") if parts[1] else [""]:
                out[name] = parts[2]
    return out


def _own_folder(mount: Path, path: str | None) -> Path:
    """Our own cgroup's folder in a hierarchy (nesting keeps any limit the harness itself runs under)."""
    if path:
        folder = mount / path.lstrip("/")
        if folder.is_dir():
            return folder
    return mount


def _delegate(parent: Path, controllers: list[str]) -> list[str]:
    """The controllers a child of `parent` gets in v2, enabling those the parent has but does not pass on."""
    try:
        available = (parent / "cgroup.controllers").read_text().split()
        enabled = set((parent / "cgroup.subtree_control").read_text().split())
    except OSError:
        return []
    for controller in controllers:
        if controller in available and controller not in enabled:
            try:  # refused (EBUSY) when `parent` holds processes itself, v2's no-internal-process rule
                (parent / "cgroup.subtree_control").write_text(f"+{controller}")
                enabled.add(controller)
            except OSError:
                continue
    return [c for c in controllers if c in enabled]


@dataclasses.dataclass
class RunCgroup:
    """The folders of one run's cgroup (one per v1 controller, or one in v2) and what each enforces."""

    folders: dict[Path, str]  # folder -> version
    enforced: dict[str, str]  # controller -> version

    @classmethod
    def create(cls, parents: dict[str, Parent], name: str, cpus: float | None, memory: int | None,
               pids: int | None) -> RunCgroup | None:
        """Create `name` under each parent and write the limits; a controller that refuses is left out."""
        run = cls(folders={}, enforced={})
        values = {"cpu": cpus, "memory": memory, "pids": pids}
        for controller, parent in parents.items():
            folder = parent.path / name
            try:
                folder.mkdir(exist_ok=True)
                run.folders[folder] = parent.version
                _write_limit(folder, parent.version, controller, values[controller])
                run.enforced[controller] = parent.version
            except OSError:
                continue
        if not run.enforced:
            run.remove()
            return None
        return run

    def procs_files(self) -> list[Path]:
        return [folder / "cgroup.procs" for folder in self.folders]

    def oom_kills(self) -> int:
        """How many processes the kernel's OOM killer took from this cgroup."""
        for folder, version in self.folders.items():
            events = folder / ("memory.events" if version == V2 else "memory.oom_control")
            with contextlib.suppress(OSError):
                for line in events.read_text().splitlines():
                    key, _, count = line.partition(" ")
                    if key == "oom_kill":
                        return int(count)
        return 0

    def remove(self, wait_s: float = 5.0) -> None:
        """Kill every process left in the cgroup, then remove its folders."""
        deadline = time.monotonic() + wait_s
        for folder in self.folders:
            while folder.exists():
                for pid in _members(folder):
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.kill(pid, signal.SIGKILL)
                try:
                    folder.rmdir()
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)  # the killed processes are still exiting
        self.folders.clear()


def _write_limit(folder: Path, version: str, controller: str, value: float | int | None) -> None:
    if controller == "memory":
        if version == V2:
            (folder / "memory.max").write_text(str(int(value)))
            _write_if_present(folder / "memory.swap.max", "0")  # no swap on top, as Docker's memswap_limit
        else:
            (folder / "memory.limit_in_bytes").write_text(str(int(value)))
            _write_if_present(folder / "memory.memsw.limit_in_bytes", str(int(value)))
    elif controller == "pids":
        (folder / "pids.max").write_text(str(int(value)))
    elif controller == "cpu":
        quota = max(int(float(value) * CPU_PERIOD_US), 1000)
        if version == V2:
            (folder / "cpu.max").write_text(f"{quota} {CPU_PERIOD_US}")
        else:
            (folder / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
            (folder / "cpu.cfs_quota_us").write_text(str(quota))


def _write_if_present(path: Path, text: str) -> None:
    if path.exists():
        with contextlib.suppress(OSError):
            path.write_text(text)


def _members(folder: Path) -> list[int]:
    try:
        return [int(line) for line in (folder / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []
