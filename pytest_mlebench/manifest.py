"""The run manifest: what a number depends on besides the agent (hardware, sandbox, time limit, versions, data).

Every run's report.json carries one and summary.json carries the session's, so two result sets can be
checked for comparability before they are put side by side. It only describes; it decides nothing.
"""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from pytest_mlebench.agent_files import read_agent_json
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.gpus import gpu_inventory
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.results import read_json

USAGE_FILE = "usage.json"
MAX_USAGE_BYTES = 64 << 10
MAX_MODEL_CHARS = 200
USAGE_KEYS = ("model", "prompt_tokens", "completion_tokens", "total_tokens", "llm_calls", "steps", "cost_usd")
USAGE_ALIASES = {"input_tokens": "prompt_tokens", "output_tokens": "completion_tokens", "calls": "llm_calls"}
PACKAGES = ("pytest-mlebench", "pandas", "numpy", "scikit-learn", "scipy", "pytest", "pytest-xdist", "docker")


def package_versions() -> dict[str, str]:
    """Versions of Python, the harness and the libraries that decide scores."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def hardware(gpus: Sequence[str] | None = None) -> dict[str, Any]:
    """This machine, and of its GPUs those a run was given (`gpus` = indices; None: all of them)."""
    inventory = gpu_inventory()
    chosen = [g for g in inventory if gpus is None or g["index"] in set(gpus)]
    try:
        usable_cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable_cpus = os.cpu_count()
    mem = memory_bytes()
    return {
        "gpu_model": _gpu_model(chosen),
        "gpu_count": len(chosen),
        "gpus": chosen,
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable_cpus,
        "memory_gib": round(mem / 2**30, 1) if mem else None,
        "machine": platform.machine(),
        "system": platform.system(),
        "node": platform.node(),
    }


def _gpu_model(gpus: Sequence[Mapping[str, Any]]) -> str | None:
    names = sorted({str(g["name"]) for g in gpus})
    return " + ".join(names) if names else None


def hardware_class(hw: Mapping[str, Any]) -> str:
    """What makes two runs' compute comparable: the GPU model and how many a run had, or CPU only."""
    if not hw.get("gpu_count"):
        return "cpu"
    return f"{hw['gpu_count']}x {hw.get('gpu_model')}"


def isolation(runtime_name: str, sandboxed: bool | None, network: bool) -> dict[str, str]:
    """How the agent was confined: the sandbox it ran in and what network it could reach."""
    if runtime_name == "docker":
        return {"runtime": "docker", "isolation": "docker", "network": "bridge" if network else "none"}
    if runtime_name == "local":
        boxed = "bubblewrap" if sandboxed or sandboxed is None else "none (unsandboxed)"
        return {"runtime": "local", "isolation": boxed,
                "network": "host" if network or boxed != "bubblewrap" else "none"}
    return {"runtime": runtime_name, "isolation": "unknown", "network": "allowed" if network else "none"}


def agent_usage(logs_dir: Path) -> dict[str, Any] | None:
    """Model and token use the agent reported in `logs/usage.json`; None when it reported none (or nothing usable)."""
    return read_usage(logs_dir)[0]


def read_usage(logs_dir: Path) -> tuple[dict[str, Any] | None, str | None]:
    """`agent_usage`, and why the file (the agent's own) was refused or partly ignored; never raises for its content."""
    if not os.path.lexists(Path(logs_dir) / USAGE_FILE):
        return None, None
    try:
        raw = read_agent_json(Path(logs_dir), USAGE_FILE, MAX_USAGE_BYTES)
    except InvalidSubmissionError as exc:
        return None, str(exc)
    if not isinstance(raw, dict):
        return None, f"{USAGE_FILE} is not a JSON object."
    out: dict[str, Any] = {}
    ignored = []
    for key, value in raw.items():
        name = USAGE_ALIASES.get(key, key)
        if name not in USAGE_KEYS or value is None:
            continue
        if name == "model" and isinstance(value, str) and len(value) <= MAX_MODEL_CHARS:
            out[name] = value
        elif name != "model" and _is_count(value):
            out[name] = value
        else:
            ignored.append(str(key)[:40])
    if "total_tokens" not in out and ("prompt_tokens" in out or "completion_tokens" in out):
        out["total_tokens"] = int(out.get("prompt_tokens", 0)) + int(out.get("completion_tokens", 0))
    error = f"{USAGE_FILE}: ignored field(s) {', '.join(ignored)} (not a number, or not a short model name)." \
        if ignored else None
    return out or None, error


def _is_count(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def data_checksums(data_dir: Path, competition_id: str) -> dict[str, Any] | None:
    """md5 of each prepared file and its parity with MLE-bench's pins, from `<data-dir>/<id>/parity.json`."""
    path = DataLayout(Path(data_dir), competition_id).parity_record
    if not path.is_file():
        return None
    try:
        record = read_json(path)
    except (ValueError, OSError):
        return None
    files = record.get("files") or {}
    parity: dict[str, int] = {}
    for info in files.values():
        parity[info.get("status", "?")] = parity.get(info.get("status", "?"), 0) + 1
    return {
        "raw_checksum": record.get("raw_checksum"),
        "md5": {name: info.get("md5") for name, info in sorted(files.items())},
        "parity": parity,
    }


def competition_entry(competition: Any, data_dir: Path | None) -> dict[str, Any]:
    """A competition's version, known issues and the checksums of the data it was prepared to."""
    return {
        "version": competition.version,
        "known_issues": [{"summary": i.summary, "link": i.link} for i in competition.known_issues],
        "data": data_checksums(data_dir, competition.id) if data_dir is not None else None,
    }


def agent_entry(agent: Any) -> dict[str, Any]:
    return {"name": agent.name, "version": agent.version, "source": agent.source, "image": agent.image,
            "network": agent.network}


def run_manifest(
    *,
    competition: Any,
    agent: Any,
    runtime_name: str,
    sandboxed: bool | None,
    time_limit: float,
    time_used: float,
    gpus: Sequence[str],
    data_dir: Path,
    logs_dir: Path,
    limits: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of one run, stored in its report.json; `limits`: the resource limits in force and their
    enforcement, as the runtime reported them (None where it did not)."""
    hw = hardware(gpus)
    return {
        "hardware": hw,
        "hardware_class": hardware_class(hw),
        "runtime": isolation(runtime_name, sandboxed, agent.network),
        "time_limit": time_limit,
        "time_used": round(time_used, 3),
        "limits": dict(limits) if limits else None,
        "agent": agent_entry(agent),
        "usage": agent_usage(logs_dir),
        "versions": package_versions(),
        "competition": {"id": competition.id, **competition_entry(competition, data_dir)},
    }


def session_manifest(
    *,
    agent: Any | None,
    runtime_name: str,
    sandboxed: bool | None,
    time_limit: float,
    competitions: Iterable[Any],
    data_dir: Path,
    run_manifests: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The manifest in summary.json: the controller's machine, settings, versions, and totals over runs."""
    runs = [m for m in run_manifests if m]
    hw = hardware()
    used = [float(m["time_used"]) for m in runs if m.get("time_used") is not None]
    classes = sorted({str(m["hardware_class"]) for m in runs if m.get("hardware_class")})
    return {
        "hardware": hw,
        "hardware_classes": classes,
        "runtime": isolation(runtime_name, sandboxed, bool(agent and agent.network)),
        "time_limit": time_limit,
        "time_used": {
            "runs": len(used),
            "total_seconds": round(sum(used), 3),
            "mean_seconds": round(sum(used) / len(used), 3) if used else None,
            "max_seconds": max(used) if used else None,
        },
        "agent": agent_entry(agent) if agent is not None else None,
        "usage": total_usage(m.get("usage") for m in runs),
        "versions": package_versions(),
        "competitions": {c.id: competition_entry(c, data_dir) for c in sorted(competitions, key=lambda c: c.id)},
    }


def total_usage(usages: Iterable[Mapping[str, Any] | None]) -> dict[str, Any] | None:
    """Token and call counts summed over the runs that reported them, with the models they named."""
    reported = [u for u in usages if u]
    if not reported:
        return None
    out: dict[str, Any] = {"runs_reporting": len(reported)}
    models = sorted({str(u["model"]) for u in reported if u.get("model")})
    if models:
        out["models"] = models
    for key in ("prompt_tokens", "completion_tokens", "total_tokens", "llm_calls", "steps", "cost_usd"):
        values = [u[key] for u in reported if isinstance(u.get(key), (int, float))]
        if values:
            out[key] = sum(values)
    return out
