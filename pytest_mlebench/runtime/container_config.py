"""MLE-bench's container config JSON (`--container-config`) read into the harness's own limits.

MLE-bench passes the file's keys to `docker run`; here each known key becomes the setting that enforces it
(`shm_size`, `nano_cpus` -> --cpus, `mem_limit` -> --memory, `gpus` -> --gpus, `runtime` -> --docker-runtime),
and any other key is refused rather than dropped. It only reads; the docker runtime applies the settings.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.runtime.limits import parse_size

KEYS = ("shm_size", "nano_cpus", "mem_limit", "gpus", "runtime", "privileged", "network")


@dataclasses.dataclass(frozen=True)
class ContainerConfig:
    """The settings a container config gives; None where it says nothing."""

    shm_size: str | None = None
    cpus: float | None = None
    memory: str | None = None
    gpus: tuple[str, ...] | None = None  # None: every GPU (MLE-bench's -1) or not said
    gpus_given: bool = False
    docker_runtime: str | None = None
    privileged: bool = False
    network: bool = False  # ours: MLE-bench's containers always have one; here only when asked


def read_container_config(path: Path) -> ContainerConfig:
    """The file's settings; `ConfigError` naming the file and the key when one is wrong."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Container config {path} not found; --container-config takes a JSON file.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"Container config {path} is not readable JSON ({exc}).") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"Container config {path} must be a JSON object with keys {', '.join(KEYS)}.")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(f"Container config {path}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(KEYS)}.")
    return ContainerConfig(**_fields(raw, f"Container config {path}: key"))


def _fields(raw: dict[str, Any], where: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if raw.get("shm_size") is not None:
        fields["shm_size"] = _size(raw["shm_size"], f"{where} 'shm_size'")
    if raw.get("mem_limit") is not None:
        fields["memory"] = _size(raw["mem_limit"], f"{where} 'mem_limit'")
    if raw.get("nano_cpus") is not None:
        nano = raw["nano_cpus"]
        if isinstance(nano, bool) or not isinstance(nano, (int, float)) or nano <= 0:
            raise ConfigError(f"{where} 'nano_cpus' must be a positive number of billionths of a CPU, like 4e9.")
        fields["cpus"] = float(nano) / 1e9
    if "gpus" in raw:
        fields["gpus"], fields["gpus_given"] = _gpus(raw["gpus"], f"{where} 'gpus'"), True
    if raw.get("runtime") is not None:
        if not isinstance(raw["runtime"], str) or not raw["runtime"].strip():
            raise ConfigError(f"{where} 'runtime' must name a container runtime, like sysbox-runc.")
        fields["docker_runtime"] = raw["runtime"].strip()
    for flag in ("privileged", "network"):
        if flag in raw:
            if not isinstance(raw[flag], bool):
                raise ConfigError(f"{where} '{flag}' must be true or false.")
            fields[flag] = raw[flag]
    return fields


def _size(value: Any, where: str) -> str:
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    try:
        parse_size(text)
    except ValueError:
        raise ConfigError(f"{where} must be a size like 4G or a number of bytes, got {value!r}.") from None
    return text


def _gpus(value: Any, where: str) -> tuple[str, ...] | None:
    """-1: every GPU; 0 or null: none; N: the first N; a list: those indices."""
    if value is None or value == 0:
        return ()
    if value == -1:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return tuple(str(i) for i in range(value))
    if isinstance(value, list) and all(isinstance(v, (int, str)) and str(v).isdigit() for v in value):
        return tuple(str(v) for v in value)
    raise ConfigError(f"{where} must be -1 (every GPU), a count, or a list of GPU indices; got {value!r}.")


__all__ = ["ContainerConfig", "KEYS", "read_container_config"]
