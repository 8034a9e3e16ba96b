"""The resource limits of one run (CPU, memory, processes, disk) and how the local runtime enforces them.

cgroups (v2, else v1) where this process may create them, else rlimits for what they can express; what is
left unenforced is said once per session. It decides nothing about what the agent may read or reach.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.runtime.cgroups import CGROUP_ROOT, RunCgroup, controller_parents

DEFAULT_PIDS_LIMIT = 4096
DEFAULT_DISK_QUOTA = "20g"
"""The run's writable folders (submission, logs, code): MLE-bench's largest submissions are a few GB, and the
sandbox's /tmp and /home are memory, bounded by the memory limit."""
MIN_DEFAULT_MEMORY = 2 * 2**30
MEMORY_SHARE = 0.9
NOT_ENFORCED = "not enforced"
_UNITS = {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
_warned: set[str] = set()


class ResourceLimitWarning(UserWarning):
    """A run limit this machine cannot enforce."""


def parse_size(value: str | int) -> int:
    """'512m' -> 536870912, '20g', '1.5G', '64gb', '1024' (bytes), as Docker reads sizes; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", str(value).lower())
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"expected a size like 512m or 20g, got {value!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def format_size(size: int) -> str:
    """536870912 -> '512m'; the largest unit that keeps a whole number, so `parse_size` reads it back exactly."""
    for unit, factor in (("t", 2**40), ("g", 2**30), ("m", 2**20), ("k", 2**10)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def default_memory_limit(workers: int | None = None) -> int:
    """Bytes a run may use when --memory is not given: 90% of physical memory shared by the xdist workers.

    Never under 2 GiB. `workers` defaults to `$PYTEST_XDIST_WORKER_COUNT` (1 without xdist).
    """
    if workers is None:
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return MIN_DEFAULT_MEMORY
    share = int(physical * MEMORY_SHARE / max(workers, 1))
    return max(share - share % 2**20, MIN_DEFAULT_MEMORY)


@dataclasses.dataclass(frozen=True)
class ResourceLimits:
    """One run's limits; None is no limit."""

    cpus: float | None = None
    memory: int | None = None
    pids: int | None = None
    disk: int | None = None

    @classmethod
    def for_run(cls, spec: Any) -> ResourceLimits:
        """The limits of a `RunSpec`: its own values, else the defaults (memory from this machine)."""
        return cls(
            cpus=spec.cpus or None,
            memory=parse_size(spec.memory) if spec.memory else default_memory_limit(),
            pids=spec.pids_limit or DEFAULT_PIDS_LIMIT,
            disk=parse_size(spec.disk_quota or DEFAULT_DISK_QUOTA),
        )

    def describe(self) -> dict[str, Any]:
        return {"cpus": self.cpus, "memory": _size_or_none(self.memory), "pids": self.pids,
                "disk": _size_or_none(self.disk)}


def _size_or_none(size: int | None) -> str | None:
    return None if size is None else format_size(size)


@dataclasses.dataclass
class AppliedLimits:
    """The limits in force for one run: how each is enforced, the command prefix that enters them, cleanup."""

    limits: ResourceLimits
    enforced_by: dict[str, str]
    cgroup: RunCgroup | None = None
    rlimits: dict[str, int] = dataclasses.field(default_factory=dict)

    def wrap(self, argv: Sequence[str]) -> list[str]:
        """`argv` behind a pre-exec step that enters the cgroups and sets the rlimits before anything runs."""
        procs = self.cgroup.procs_files() if self.cgroup is not None else []
        if not procs and not self.rlimits:
            return list(argv)
        setup = json.dumps({"procs": [str(p) for p in procs], "rlimits": self.rlimits})
        return [str(Path(sys.executable).resolve()), "-I", "-S", "-c", _ENTER, setup, *argv]

    def oom_killed(self) -> bool:
        """Whether the kernel killed a process of the run for exceeding its memory limit."""
        return self.cgroup is not None and self.cgroup.oom_kills() > 0

    def close(self) -> None:
        """Kill what is left in the run's cgroups and remove them."""
        if self.cgroup is not None:
            self.cgroup.remove()

    def describe(self) -> dict[str, Any]:
        """For the manifest and RunResult: each limit and what enforced it."""
        return {**self.limits.describe(), "enforced_by": dict(self.enforced_by)}


# Runs before the sandbox: the process (and so every process the agent starts) is limited before exec.
_ENTER = (
    "import json,os,resource,sys\n"
    "c=json.loads(sys.argv[1])\n"
    "for p in c['procs']:\n"
    "    with open(p,'w') as f: f.write(str(os.getpid()))\n"
    "for n,v in c['rlimits'].items(): resource.setrlimit(getattr(resource,n),(v,v))\n"
    "os.execvp(sys.argv[2],sys.argv[2:])\n"
)


class Limiter:
    """Applies `ResourceLimits` to local runs through the best mechanism this machine allows."""

    def __init__(self, cgroup_root: Path = CGROUP_ROOT, agent_uid: int | None = None) -> None:
        self.cgroup_root = Path(cgroup_root)
        self.agent_uid = agent_uid  # the agent's own unprivileged uid, when it has one: RLIMIT_NPROC counts per uid

    def apply(self, limits: ResourceLimits, name: str, address_space: bool = True) -> AppliedLimits:
        """Make the run's cgroup (or rlimits) for `limits`; warns once per session about what stays unenforced.

        `address_space`: whether an address-space rlimit may stand in for a memory cgroup (not for GPU runs, whose
        drivers reserve far more address space than they use, nor for the machine-derived default limit).
        """
        wanted = {"cpu": limits.cpus, "memory": limits.memory, "pids": limits.pids}
        wanted = {c: v for c, v in wanted.items() if v}
        parents = controller_parents(self.cgroup_root, list(wanted))
        cgroup = RunCgroup.create(parents, name, limits.cpus, limits.memory, limits.pids) if parents else None
        by_cgroup = cgroup.enforced if cgroup is not None else {}
        enforced_by = {"disk": "watchdog"} if limits.disk else {}
        rlimits: dict[str, int] = {}
        reasons: list[str] = []
        for controller, value in wanted.items():
            if controller in by_cgroup:
                enforced_by[controller] = by_cgroup[controller]
            elif controller == "memory" and address_space:
                rlimits["RLIMIT_AS"] = int(value)
                enforced_by["memory"] = "rlimit (address space, per process)"
            elif controller == "pids" and self._own_uid():
                rlimits["RLIMIT_NPROC"] = int(value)
                enforced_by["pids"] = "rlimit (per uid)"
            else:
                enforced_by[controller] = NOT_ENFORCED
                reasons.append(_REASONS[controller])
        if reasons:
            names = [c for c in wanted if enforced_by[c] == NOT_ENFORCED]
            listed = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
            _warn_once(
                f"Local runs' {listed} limits are not enforced: no writable cgroup under {self.cgroup_root}, "
                f"and {'; '.join(reasons)}."
            )
        return AppliedLimits(limits=limits, enforced_by=enforced_by, cgroup=cgroup, rlimits=rlimits)

    def _own_uid(self) -> bool:
        return self.agent_uid is not None and self.agent_uid not in (0, os.getuid())


_REASONS = {
    "cpu": "no rlimit caps a CPU share",
    "memory": "an address-space rlimit (which counts reserved, not used, memory) stands in only for an explicit "
              "--memory on a run without GPUs",
    "pids": "RLIMIT_NPROC counts every process of the agent's uid, which is not its own",
}


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, ResourceLimitWarning, stacklevel=3)


__all__ = ["DEFAULT_DISK_QUOTA", "DEFAULT_PIDS_LIMIT", "AppliedLimits", "Limiter", "ResourceLimitWarning",
           "ResourceLimits", "default_memory_limit", "format_size", "parse_size"]
