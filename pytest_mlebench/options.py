"""The `mlebench` option group and the one place settings resolve (CLI > environment > ini) into `Settings`."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from pytest_mlebench.agents import agent_options, builtin_names
from pytest_mlebench.gpus import parse_gpus
from pytest_mlebench.layout import default_data_dir

FAIL_ON = ("invalid", "no-medal", "never")
DESCRIPTIONS = ("original", "concise", "obfuscated")
RUNTIMES = ("local", "docker")
DEFAULT_TIME_LIMIT = 24 * 3600


@dataclasses.dataclass(frozen=True)
class Settings:
    """Resolved options of one session, the same on the controller and every xdist worker."""

    agent: str | None
    seeds: tuple[int, ...]
    data_dir: Path
    runs_dir: Path
    reports_dir: Path
    run_group: str | None
    runtime: str
    time_limit: float
    gpus: tuple[str, ...] | None  # None: detect
    fail_on: str
    description: str
    allow_unsandboxed: bool
    prepare: bool
    cpus: float | None = None
    memory: str | None = None
    shm_size: str | None = None
    pids_limit: int | None = None
    disk_quota: str | None = None
    docker_runtime: str | None = None  # the engine's container runtime, e.g. runsc (gVisor); None: its default
    retries: int = 0
    executor: str = "inline"
    slurm: Any = None  # SlurmOptions, with --executor=slurm
    cancel_on_exit: bool = False
    poll_s: float = 5.0
    grace_s: float = 30.0
    model_cutoff: str | None = None  # YYYY-MM
    check_rules: bool = False
    check_plagiarism: bool = False
    rules_model: str | None = None
    rules_context: int | None = None
    rules_questions: Path | None = None
    plagiarism_threshold: float | None = None
    # What the agents' own options (agents.agent_options) tell the agent, as its environment: only those set.
    agent_options: Mapping[str, str] = dataclasses.field(default_factory=dict)
    agent_id: str | None = None  # --agent-id: the entry of an MLE-bench agent folder's config.yaml
    container_config: Any = None  # runtime.container_config.ContainerConfig from --container-config


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("mlebench", "MLE-bench competitions as test items")
    group.addoption("--agent", help=f"Agent to evaluate: a built-in name ({', '.join(builtin_names())}) or a YAML spec path. "
                    "Without it no competition item is collected.")
    group.addoption("--agent-id", default=None, metavar="ID",
                    help="With --agent naming an MLE-bench agent folder: which entry of its config.yaml to run "
                    "(default: the only one; DIR/config.yaml:ID says the same).")
    group.addoption("--container-config", default=None, metavar="JSON",
                    help="Container settings in MLE-bench's format (shm_size, nano_cpus, mem_limit, gpus, runtime; "
                    "docker runtime); --shm-size, --cpus, --memory, --gpus, --docker-runtime given too win.")
    group.addoption("--seeds", default=None, help="N for seeds 0..N-1, or a list like 0,3,7 (default 1; env MLEBENCH_SEEDS).")
    group.addoption("--data-dir", default=None, help="Prepared data folder (default: MLE-bench's, env MLEBENCH_DATA_DIR).")
    group.addoption("--runs-dir", default=None, help="Where run folders go (default runs/).")
    group.addoption("--reports-dir", default=None, help="Where reports go (default reports/).")
    group.addoption("--run-group", default=None, help="Run group name (default: agent + timestamp); an existing group resumes.")
    group.addoption("--runtime", default=None, choices=RUNTIMES, help="Sandbox: local (bubblewrap) or docker.")
    group.addoption("--time-limit", default=None, help="Agent time limit per run: seconds, or like 30m, 24h (default 24h).")
    group.addoption("--gpus", default=None, help="GPUs to hand out: 0,1,... | auto | none (default auto).")
    group.addoption("--fail-on", default=None, choices=FAIL_ON,
                    help="Which outcome fails an item: an invalid submission (default), no medal, or never.")
    group.addoption("--description", default=None, choices=DESCRIPTIONS, help="Which description the agent reads.")
    group.addoption("--allow-unsandboxed", action="store_true", default=False,
                    help="Run local agents without bubblewrap when it is missing (weaker isolation).")
    group.addoption("--cpus", type=float, default=None, help="CPU limit per run, like 4 or 0.5 (default: none).")
    group.addoption("--memory", default=None,
                    help="Memory limit per run, like 64g (default: 90%% of this machine's memory over the xdist "
                    "workers, at least 2g).")
    group.addoption("--pids-limit", default=None, metavar="N",
                    help="Most processes and threads a run may have at once (both runtimes; default 4096).")
    group.addoption("--disk-quota", default=None, metavar="SIZE",
                    help="Most a run may write to its submission, logs and code folders, like 20g (both runtimes; "
                    "default 20g); over it the agent is killed and what it wrote is graded.")
    group.addoption("--shm-size", default=None, help="Shared-memory size per run, like 8g (docker runtime).")
    group.addoption("--docker-runtime", default=None, metavar="NAME",
                    help="Container runtime the Docker engine runs agents with, e.g. runsc (gVisor) or sysbox-runc "
                    "(default: the engine's; env MLEBENCH_DOCKER_RUNTIME).")
    group.addoption("--retries", default=None,
                    help="Re-run a run that failed for the harness's reason (sandbox, container, data preparation) "
                    "up to N more times (default 0; env MLEBENCH_RETRIES). An agent's crash or timeout is never retried.")
    group.addoption("--model-cutoff", default=None, metavar="YYYY-MM",
                    help="The agent model's knowledge cutoff: the report adds a headline over competitions that "
                    "ended after this month.")
    for option in agent_options():
        group.addoption(option.flag, default=None, metavar=option.metavar, help=option.help)
    add_integrity_options(group)
    add_executor_options(group, parser)
    group.addoption("--no-prepare", action="store_true", default=False,
                    help="Never download or prepare data; skip competitions that are not prepared.")
    for name, help_text in (
        ("mlebench_data_dir", "default --data-dir"),
        ("mlebench_runs_dir", "default --runs-dir"),
        ("mlebench_runtime", "default --runtime"),
        ("mlebench_time_limit", "default --time-limit"),
        ("mlebench_gpus", "default --gpus"),
        ("mlebench_seeds", "default --seeds"),
    ):
        parser.addini(name, help_text, default=None)


def parse_duration(value: str | float | int, where: str) -> float:
    """'90' -> 90.0, '30m' -> 1800.0, '24h' -> 86400.0, '1.5h' -> 5400.0."""
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value).lower())
        if not match:
            raise pytest.UsageError(f"{where} takes seconds or a duration like 30m or 24h, got {value!r}.")
        seconds = float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if seconds <= 0:
        raise pytest.UsageError(f"{where} must be positive, got {value!r}.")
    return seconds


def parse_seeds(value: str, where: str) -> tuple[int, ...]:
    """'3' -> (0, 1, 2); '0,3,7' -> (0, 3, 7)."""
    text = str(value).strip()
    try:
        if "," in text:
            seeds = tuple(int(s) for s in text.split(",") if s.strip())
        else:
            seeds = tuple(range(int(text)))
    except ValueError:
        raise pytest.UsageError(f"{where} takes a count like 16 or a list like 0,3,7; got {value!r}.") from None
    if not seeds or min(seeds) < 0 or len(set(seeds)) != len(seeds):
        raise pytest.UsageError(f"{where} needs at least one distinct non-negative seed; got {value!r}.")
    return seeds


def _pick(config: pytest.Config, option: str, env: str, ini: str | None, default):
    """CLI > environment > ini > default, with the source named for error messages."""
    value = config.getoption(option)
    if value is not None:
        return value, f"--{option.replace('_', '-')}"
    if os.environ.get(env):
        return os.environ[env], f"${env}"
    if ini is not None:
        ini_value = config.getini(ini)
        if ini_value:
            return ini_value, f"ini {ini}"
    return default, f"--{option.replace('_', '-')}"


def resolve_settings(config: pytest.Config) -> Settings:
    """Read every option once, validate it, and freeze the result."""
    seeds, where = _pick(config, "seeds", "MLEBENCH_SEEDS", "mlebench_seeds", "1")
    seed_tuple = parse_seeds(seeds, where)
    limit, where = _pick(config, "time_limit", "MLEBENCH_TIME_LIMIT", "mlebench_time_limit", DEFAULT_TIME_LIMIT)
    time_limit = parse_duration(limit, where)
    container = container_settings(config)
    gpus_text, where = _pick(config, "gpus", "MLEBENCH_GPUS", "mlebench_gpus", None)
    if gpus_text is None and container is not None and container.gpus_given:
        gpus_text = "auto" if container.gpus is None else (",".join(container.gpus) or "none")
    gpus_text = "auto" if gpus_text is None else gpus_text
    try:
        gpus = parse_gpus(str(gpus_text))
    except ValueError as exc:
        raise pytest.UsageError(f"{where}: {exc}") from None
    runtime, where = _pick(config, "runtime", "MLEBENCH_RUNTIME", "mlebench_runtime", "local")
    if runtime not in RUNTIMES:
        raise pytest.UsageError(f"{where} must be one of {', '.join(RUNTIMES)}; got {runtime!r}.")
    data_dir, _ = _pick(config, "data_dir", "MLEBENCH_DATA_DIR", "mlebench_data_dir", None)
    runs_dir, _ = _pick(config, "runs_dir", "MLEBENCH_RUNS_DIR", "mlebench_runs_dir", None)
    reports_dir, _ = _pick(config, "reports_dir", "MLEBENCH_REPORTS_DIR", None, None)
    retries_text, where = _pick(config, "retries", "MLEBENCH_RETRIES", None, "0")
    if not re.fullmatch(r"\s*\d+\s*", str(retries_text)):
        raise pytest.UsageError(f"{where} takes a count of retries like 2, got {retries_text!r}.")
    cutoff = config.getoption("model_cutoff")
    if cutoff is not None:
        from pytest_mlebench.subsets import parse_cutoff

        try:
            parse_cutoff(cutoff)
        except ValueError as exc:
            raise pytest.UsageError(f"--model-cutoff: {exc}.") from None
    limits = limit_settings(config)
    docker_runtime, _ = _pick(config, "docker_runtime", "MLEBENCH_DOCKER_RUNTIME", None, None)
    shm_size = config.getoption("shm_size")
    if container is not None:  # the file fills what the command line left unsaid
        limits["cpus"] = limits["cpus"] if limits["cpus"] is not None else container.cpus
        limits["memory"] = limits["memory"] or container.memory
        shm_size = shm_size or container.shm_size
        docker_runtime = docker_runtime or container.docker_runtime
    root = Path(config.rootpath)
    return Settings(
        agent=config.getoption("agent") or os.environ.get("MLEBENCH_AGENT") or None,
        seeds=seed_tuple,
        data_dir=Path(data_dir).expanduser().resolve() if data_dir else default_data_dir(),
        runs_dir=Path(runs_dir).expanduser().resolve() if runs_dir else root / "runs",
        reports_dir=Path(reports_dir).expanduser().resolve() if reports_dir else root / "reports",
        run_group=parse_run_group(config.getoption("run_group")),
        runtime=str(runtime),
        time_limit=time_limit,
        gpus=gpus,
        fail_on=config.getoption("fail_on") or "invalid",
        description=config.getoption("description") or "original",
        allow_unsandboxed=bool(config.getoption("allow_unsandboxed")),
        prepare=not config.getoption("no_prepare"),
        **integrity_settings(config),
        **limits,
        shm_size=shm_size,
        docker_runtime=str(docker_runtime).strip() or None if docker_runtime else None,
        retries=int(retries_text),
        **executor_settings(config),
        model_cutoff=cutoff.strip() if cutoff else None,
        agent_options=resolve_agent_options(config),
        agent_id=config.getoption("agent_id") or None,
        container_config=container,
    )


def container_settings(config: pytest.Config):
    """--container-config read (None without it); a wrong file is a `UsageError` naming the file and the key."""
    from pytest_mlebench.errors import ConfigError
    from pytest_mlebench.runtime.container_config import read_container_config

    path = config.getoption("container_config")
    if not path:
        return None
    try:
        return read_container_config(Path(path).expanduser())
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None


def resolve_agent_options(config: pytest.Config) -> dict[str, str]:
    """The agents' options that are set (CLI > environment), as the environment each names, validated by its
    agent's own `parse`."""
    values = {}
    for option in agent_options():
        value, where = _pick(config, option.dest, option.env, None, None)
        if value is None:
            continue
        try:
            parsed = option.parse(str(value))
        except ValueError as exc:
            raise pytest.UsageError(f"{where} {exc}.") from None
        if parsed:
            values[option.env] = parsed
    return values


def limit_settings(config: pytest.Config) -> dict[str, Any]:
    """The resource-limit fields of `Settings`, validated (sizes as Docker reads them)."""
    from pytest_mlebench.runtime.limits import parse_size

    cpus = config.getoption("cpus")
    if cpus is not None and cpus <= 0:
        raise pytest.UsageError(f"--cpus must be positive, like 4 or 0.5; got {cpus!r}.")
    for option in ("memory", "disk_quota"):
        value = config.getoption(option)
        if value is not None:
            try:
                parse_size(value)
            except ValueError as exc:
                raise pytest.UsageError(f"--{option.replace('_', '-')}: {exc}.") from None
    pids = config.getoption("pids_limit")
    if pids is not None and not re.fullmatch(r"\s*[1-9]\d*\s*", str(pids)):
        raise pytest.UsageError(f"--pids-limit takes a positive number of processes like 4096, got {pids!r}.")
    return {"cpus": cpus, "memory": config.getoption("memory"), "pids_limit": int(pids) if pids else None,
            "disk_quota": config.getoption("disk_quota")}
def parse_run_group(value: str | None) -> str | None:
    """--run-group as given, when it is a plain folder name (it names folders under --runs-dir and --reports-dir)."""
    from pytest_mlebench.runs import group_name_problem

    if value is None:
        return None
    problem = group_name_problem(value)
    if problem:
        raise pytest.UsageError(f"--run-group {value!r} {problem}; e.g. --run-group=baseline-lite.")
    return value


def default_run_group(agent: str) -> str:
    """agent + UTC timestamp, e.g. 'baseline-20261129T101500'."""
    # MLE-bench agent folders: `DIR/config.yaml:ID` -> ID, `DIR/config.yaml` and `DIR` -> the folder's name.
    if "config.yaml:" in agent:
        agent = agent.rsplit(":", 1)[1]
    elif Path(agent).name == "config.yaml":
        agent = Path(agent).parent.name
    elif "/" in agent and not agent.endswith((".yaml", ".yml")):
        agent = Path(agent).name
    name = re.sub(r"[^0-9A-Za-z_.-]", "_", Path(agent).stem if agent.endswith((".yaml", ".yml")) else agent)
    name = name.replace("..", "_").lstrip(".-")[:80] or "agent"
    return f"{name}-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}"


def add_integrity_options(group) -> None:
    """Options of the integrity checks that run at session end (pytest_mlebench.integrity)."""
    group.addoption("--check-rules", action="store_true", default=False,
                    help="At session end, have an LLM review each run's logs and code for rule violations "
                    "(OPENAI_BASE_URL / OPENAI_API_KEY); answers in each run's rules.json and the report.")
    group.addoption("--rules-model", default=None, metavar="NAME",
                    help="Model of the rules review (default gpt-4o-mini; env MLEBENCH_RULES_MODEL).")
    group.addoption("--rules-context", default=None, metavar="TOKENS",
                    help="Context size of the rules model; logs and code are sent in parts that fit (default 128000).")
    group.addoption("--rules-questions", default=None, metavar="YAML",
                    help="Questions and prompt of the rules review (default: the package's rules_questions.yaml; "
                    "env MLEBENCH_RULES_QUESTIONS).")
    group.addoption("--check-plagiarism", action="store_true", default=False,
                    help="At session end, compare each run's code with the competition's top public notebooks "
                    "(pulled once with Kaggle credentials); results in each run's plagiarism.json and the report.")
    group.addoption("--plagiarism-threshold", default=None, metavar="SHARE",
                    help="Similarity above which a run is flagged, in (0, 1] (default 0.6, as MLE-bench).")


def integrity_settings(config: pytest.Config) -> dict:
    """The integrity fields of `Settings`, validated; the rules endpoint is checked now, not after the runs."""
    context, where = _pick(config, "rules_context", "MLEBENCH_RULES_CONTEXT", None, None)
    if context is not None and not re.fullmatch(r"\s*[1-9]\d*\s*", str(context)):
        raise pytest.UsageError(f"{where} takes a positive number of tokens like 128000, got {context!r}.")
    threshold, where = _pick(config, "plagiarism_threshold", "MLEBENCH_PLAGIARISM_THRESHOLD", None, None)
    try:
        share = None if threshold is None else float(threshold)
    except ValueError:
        share = -1.0
    if share is not None and not 0 < share <= 1:
        raise pytest.UsageError(f"{where} takes a share in (0, 1] like 0.6, got {threshold!r}.")
    model, _ = _pick(config, "rules_model", "MLEBENCH_RULES_MODEL", None, None)
    questions, _ = _pick(config, "rules_questions", "MLEBENCH_RULES_QUESTIONS", None, None)
    check_rules = bool(config.getoption("check_rules"))
    if check_rules:
        from pytest_mlebench.errors import MlebenchError
        from pytest_mlebench.integrity.endpoint import ChatEndpoint
        from pytest_mlebench.integrity.rules import load_questions

        try:
            ChatEndpoint.from_env(model)
            load_questions(Path(questions) if questions else None)
        except MlebenchError as exc:
            raise pytest.UsageError(f"--check-rules: {exc}") from None
    return {
        "check_rules": check_rules,
        "check_plagiarism": bool(config.getoption("check_plagiarism")),
        "rules_model": str(model).strip() if model else None,
        "rules_context": int(context) if context is not None else None,
        "rules_questions": Path(questions).expanduser().resolve() if questions else None,
        "plagiarism_threshold": share,
    }


EXECUTORS = ("inline", "slurm")


def add_executor_options(group, parser: pytest.Parser) -> None:
    """Where runs happen (--executor) and, on Slurm, how each array task is sized and placed."""
    group.addoption("--executor", default=None, choices=EXECUTORS,
                    help="Where runs happen: inline (this machine, default) or slurm (one job array; env "
                    "MLEBENCH_EXECUTOR, ini mlebench_executor).")
    group.addoption("--max-concurrent", default=None, metavar="N",
                    help="Slurm: at most N runs of the array at once (sbatch --array=...%%N).")
    group.addoption("--slurm-gpus", default=None, metavar="N", help="Slurm: GPUs per run (--gres=gpu:N, default 1).")
    for name in ("partition", "account", "qos"):
        group.addoption(f"--slurm-{name}", default=None, help=f"Slurm: sbatch --{name} (env MLEBENCH_SLURM_{name.upper()}).")
    group.addoption("--slurm-extra", default=None, metavar="OPTIONS",
                    help="Slurm: more sbatch options for every run, like '--constraint=a100 --exclusive'.")
    group.addoption("--cancel-on-exit", action="store_true", default=False,
                    help="Slurm: cancel the session's queued and running jobs when it ends early (default: leave "
                    "them running; the same command with the same --run-group re-attaches).")
    for name in ("executor", "max_concurrent", "slurm_gpus", "slurm_partition", "slurm_account", "slurm_qos",
                 "slurm_extra"):
        parser.addini(f"mlebench_{name}", f"default --{name.replace('_', '-')}", default=None)


def _count(value, where: str, minimum: int) -> int:
    if not re.fullmatch(r"\s*\d+\s*", str(value)) or int(value) < minimum:
        raise pytest.UsageError(f"{where} takes a whole number of at least {minimum}, got {value!r}.")
    return int(value)


def executor_settings(config: pytest.Config) -> dict[str, Any]:
    """The executor's fields of `Settings` (CLI > environment > ini)."""
    from pytest_mlebench.errors import ConfigError
    from pytest_mlebench.executor.slurm import SlurmOptions, parse_extra

    executor, where = _pick(config, "executor", "MLEBENCH_EXECUTOR", "mlebench_executor", "inline")
    if executor not in EXECUTORS:
        raise pytest.UsageError(f"{where} must be one of {', '.join(EXECUTORS)}; got {executor!r}.")
    values = {}
    for name in ("partition", "account", "qos", "extra"):
        values[name], _ = _pick(config, f"slurm_{name}", f"MLEBENCH_SLURM_{name.upper()}", f"mlebench_slurm_{name}", None)
    concurrent, where = _pick(config, "max_concurrent", "MLEBENCH_MAX_CONCURRENT", "mlebench_max_concurrent", None)
    gpus, gpus_where = _pick(config, "slurm_gpus", "MLEBENCH_SLURM_GPUS", "mlebench_slurm_gpus", "1")
    try:
        extra = parse_extra(values.pop("extra"))
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    slurm = SlurmOptions(**values, extra=extra, gpus=_count(gpus, gpus_where, 0),
                         max_concurrent=None if concurrent is None else _count(concurrent, where, 1))
    timing = {}
    for field, env in (("poll_s", "MLEBENCH_SLURM_POLL_S"), ("grace_s", "MLEBENCH_SLURM_GRACE_S")):
        if os.environ.get(env):  # tuning for tests and very large arrays; not worth a command-line option
            timing[field] = float(os.environ[env])
    return {"executor": executor, "slurm": slurm, "cancel_on_exit": bool(config.getoption("cancel_on_exit")), **timing}
