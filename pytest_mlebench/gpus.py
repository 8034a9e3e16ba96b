"""Which GPUs a runner owns: xdist worker gw<i> gets gpus[i % len(gpus)]; without xdist, all of them."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any


@functools.cache
def gpu_inventory() -> tuple[dict[str, Any], ...]:
    """Each GPU `nvidia-smi` lists, as {index, name, memory_mib}; empty where it is missing or fails."""
    if shutil.which("nvidia-smi") is None:
        return ()
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=20, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    gpus = []
    for line in out.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 3 and parts[0]:
            memory = int(float(parts[2])) if parts[2].replace(".", "", 1).isdigit() else None
            gpus.append({"index": parts[0], "name": parts[1], "memory_mib": memory})
    return tuple(gpus)


def detect_gpus() -> tuple[str, ...]:
    """GPU indices that `nvidia-smi` lists; none when it is missing or fails (CPU only)."""
    return tuple(str(g["index"]) for g in gpu_inventory())


def parse_gpus(value: str) -> tuple[str, ...] | None:
    """'0,1' -> ('0', '1'); 'none' -> (); 'auto' -> None (detect later)."""
    value = value.strip().lower()
    if value == "auto":
        return None
    if value in ("none", ""):
        return ()
    parts = tuple(p.strip() for p in value.split(","))
    if not all(re.fullmatch(r"\d+", p) for p in parts):
        raise ValueError(f"--gpus takes 'auto', 'none' or indices like 0,1; got {value!r}")
    return parts


def gpus_for_worker(gpus: Sequence[str], worker_id: str | None) -> tuple[str, ...]:
    """The GPUs one runner owns: one per xdist worker, round-robin; all when not under xdist."""
    if not gpus:
        return ()
    if not worker_id or worker_id == "master":
        return tuple(gpus)
    index = int(worker_id.removeprefix("gw"))
    return (gpus[index % len(gpus)],)
