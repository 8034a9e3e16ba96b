"""The docker runtime: one labelled container per run, through the docker SDK (never the docker CLI).

Public data is mounted read-only, the run's submission/logs/code folders writable; the private answers are
never mounted. The agent runs without capabilities or new privileges, under memory and process limits, with
scikit-learn's bundled datasets (the practice competitions' answers) hidden. Every container is removed when
its run ends, and `reap_stale_containers` removes those whose creating process died (a killed xdist worker)
before it could.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.results import RunResult, write_json_atomic
from pytest_mlebench.runtime import (
    SANDBOX_CHECKER_SOCKET,
    SANDBOX_CODE,
    SANDBOX_DATA,
    SANDBOX_INSTRUCTIONS,
    SANDBOX_LOGS,
    SANDBOX_SUBMISSION,
    RunSpec,
)
from pytest_mlebench.runtime.disk_quota import DISK_POLL_S, DiskWatchdog
from pytest_mlebench.runtime.docker_masks import dataset_folders
from pytest_mlebench.runtime.limits import (
    DEFAULT_DISK_QUOTA,
    DEFAULT_PIDS_LIMIT,
    default_memory_limit,
    format_size,
    parse_size,
)
from pytest_mlebench.runtime.staging import collect, stage_run

# uid of the image's non-root `agent` user; the images module builds it with this uid.
AGENT_UID = 1000
LABEL_OWNER = "mlebench.owner"
LABEL_PROCESS = "mlebench.process"  # host:pid:start-time of the process that created the container
LABEL_SESSION = "mlebench.session"
OWNER = "pytest-mlebench"
AGENT_LOG = "agent.log"
RUNTIME_RECORD = "docker.json"
WAIT_SLICE = 60.0  # wait in slices, so an engine hiccup costs one slice rather than the whole run
LOG_DRAIN_TIMEOUT = 10.0
STOP_GRACE = 5.0  # seconds between SIGTERM and SIGKILL at the time limit, as in the local runtime
FOLDER_ENTRYPOINT = "/opt/mlebench/entrypoint.sh"  # in mlebench-env (images/base.Dockerfile)
PRIVILEGED_VARIABLE = "I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS"
PRIVILEGED_REFUSED = (f"Agent {{name}} asks for a privileged container, which can take over this machine; set "
                      f"{PRIVILEGED_VARIABLE}=True (MLE-bench's acknowledgement) only if you accept that.")
# What to install for the container runtimes users name most (--docker-runtime).
RUNTIME_PACKAGES = {"runsc": "gVisor", "sysbox-runc": "Sysbox", "kata-runtime": "Kata Containers",
                    "nvidia": "the NVIDIA Container Toolkit"}


def privileged_accepted() -> bool:
    """MLE-bench's own acknowledgement: privileged containers only when the user set this variable."""
    return os.environ.get(PRIVILEGED_VARIABLE, "False").lower() in ("true", "1", "t")


def connect(timeout: float = 120):
    """A docker SDK client that answered a ping; `PrerequisiteError` when no engine is reachable."""
    try:
        import docker
    except ImportError:
        raise PrerequisiteError("The docker Python package is missing; `pip install docker`, or use --runtime local.") from None
    try:
        client = docker.from_env(timeout=int(timeout))
        client.ping()
    except Exception as error:  # DockerException, requests' ConnectionError, PermissionError: all mean "no engine"
        where = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        raise PrerequisiteError(
            f"No Docker engine is reachable at {where} ({type(error).__name__}); start Docker, or use --runtime local."
        ) from None
    return client


def process_label(pid: int | None = None) -> str:
    """`host:pid:start-time`: names a process so that a reused pid is not mistaken for it."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def _start_time(pid: int) -> str:
    try:
        # Field 22 of /proc/<pid>/stat, counted after the parenthesised command name (which may hold spaces).
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "?"


def _process_gone(label: str) -> bool:
    """True when the labelled process on this host has exited; False when alive or on another host."""
    host, _, rest = label.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return started not in ("?", "") and _start_time(pid) not in ("?", started)


def reap_stale_containers(session_label: str | None = None, client=None) -> list[str]:
    """Remove our containers that no live process owns; with `session_label`, also every one of that session.

    Call it at session start (leftovers of killed workers of earlier sessions) and at session end with the
    session's label (leftovers of this session's killed workers). Returns the removed containers' names.
    """
    import docker

    client = client or connect()
    removed = []
    for container in client.containers.list(all=True, filters={"label": f"{LABEL_OWNER}={OWNER}"}):
        labels = container.labels or {}
        ours = session_label is not None and labels.get(LABEL_SESSION) == session_label
        if ours or _process_gone(labels.get(LABEL_PROCESS, "")):
            try:
                container.remove(force=True)
                removed.append(container.name)
            except docker.errors.NotFound:
                pass
    return removed


class DockerRuntime:
    """Runs an agent image as one container per run, with limits, labels, a time limit and cleanup."""

    name = "docker"

    def __init__(
        self, session_label: str | None = None, client=None, stop_grace: float = STOP_GRACE,
        docker_runtime: str | None = None, disk_poll: float = DISK_POLL_S,
    ) -> None:
        self.session_label = session_label or process_label()
        self.disk_poll = disk_poll
        self.stop_grace = stop_grace
        self.docker_runtime = docker_runtime  # the engine's container runtime (runsc, sysbox-runc); None: its default
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = connect()
        return self._client

    def check_available(self) -> None:
        """`PrerequisiteError` when no engine answers, or when it lacks the `--docker-runtime` asked for."""
        self._client = self._client or connect()
        if self.docker_runtime and self.docker_runtime not in (self._client.info().get("Runtimes") or {}):
            package = RUNTIME_PACKAGES.get(self.docker_runtime, f"the {self.docker_runtime} runtime")
            raise PrerequisiteError(
                f"The Docker engine has no container runtime {self.docker_runtime!r} (--docker-runtime); install "
                f"{package} and register it in /etc/docker/daemon.json, or drop --docker-runtime."
            )

    def check_image(self, image: str) -> None:
        """`PrerequisiteError` naming the build command when `image` is not on the engine."""
        import docker

        try:
            self.client.images.get(image)
        except docker.errors.ImageNotFound:
            raise PrerequisiteError(
                f"Docker image {image} is not on this engine; build it with `mlebench image build` (or docker build)."
            ) from None

    def run(self, spec: RunSpec) -> RunResult:
        import docker
        import requests

        if not spec.agent.image:
            raise PrerequisiteError(f"Agent {spec.agent.name} names no image; give it one, or use --runtime local.")
        self.check_image(spec.agent.image)
        environment = _environment(spec)
        for folder in (spec.submission_dir, spec.logs_dir, spec.code_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if not Path(spec.public_dir).is_dir():
            return self._result(spec, None, False, 0.0, f"The public data folder {spec.public_dir} does not exist.", True)
        limits = self._limits(spec)
        user = self._prepare_ownership(spec)
        # The container binds neutral staged folders: a bind's host path shows in /proc/self/mountinfo.
        stage = stage_run(spec, (AGENT_UID, AGENT_UID) if os.geteuid() == 0 else None)
        container = None
        started = time.monotonic()
        exit_code: int | None = None
        timed_out = False
        error: str | None = None
        infra = False
        state: dict[str, Any] = {}
        drain: threading.Thread | None = None
        masked: tuple[str, ...] = ()
        watchdog: DiskWatchdog | None = None
        try:
            masked = dataset_folders(self.client, spec.agent.image, self._labels(spec))
            arguments = self._create_arguments(stage.spec, environment, user, masked)
            container = self.client.containers.create(**arguments)
            container.start()
            started = time.monotonic()
            drain = _follow_logs(container, spec.logs_dir / AGENT_LOG)
            watchdog = self._watch_disk(stage.spec, container)
            exit_code, timed_out = self._wait(container, spec.time_limit)
            container.reload()
            state = container.attrs.get("State", {})
            if watchdog.finish():  # measured once more: a burst after the last poll counts
                error = f"the agent was killed for exceeding the disk quota ({format_size(watchdog.quota)})"
            elif state.get("OOMKilled"):
                error = f"the agent was killed for exceeding the memory limit ({_memory_text(limits['memory'])})"
        except docker.errors.APIError as failure:
            if spec.gpus and "device driver" in str(failure):
                error = "no NVIDIA runtime"
                raise PrerequisiteError(
                    f"GPUs {','.join(spec.gpus)} were asked for but the Docker engine has no NVIDIA runtime; "
                    "install the NVIDIA Container Toolkit, or run with --gpus none."
                ) from None
            error, infra = f"docker: {failure.explanation or failure}", True
        except requests.exceptions.ConnectionError as failure:
            error, infra = f"the Docker engine stopped answering: {failure}", True
        finally:
            wall = time.monotonic() - started
            if watchdog is not None:
                watchdog.finish()  # stops its thread (again, harmlessly, after a normal end)
            if container is not None:
                _stop_and_remove(container, drain)
            try:
                write_json_atomic(spec.logs_dir / RUNTIME_RECORD, {
                    "image": spec.agent.image, "container": container.name if container is not None else None,
                    "exit_code": exit_code, "timed_out": timed_out, "wall_seconds": round(wall, 3),
                    "oom_killed": bool(state.get("OOMKilled")), "error": error, "user": user,
                    "network": "bridge" if spec.agent.network else "none", "gpus": list(spec.gpus),
                    "limits": limits, "masked": list(masked), "privileged": spec.agent.privileged,
                })
            finally:
                self._restore_ownership(spec)
                collect(stage, spec)
        return self._result(spec, exit_code, timed_out, wall, error, infra, limits)

    def _result(
        self, spec: RunSpec, exit_code: int | None, timed_out: bool, wall: float, error: str | None, infra: bool,
        limits: dict[str, Any] | None = None,
    ) -> RunResult:
        return RunResult(
            exit_code=exit_code, timed_out=timed_out, wall_seconds=round(wall, 3), run_dir=str(spec.run_dir),
            submission_path=str(spec.submission_dir / "submission.csv"), logs_dir=str(spec.logs_dir),
            code_dir=str(spec.code_dir), runtime=self.name, error=error, infra_failure=infra, limits=limits,
        )

    def _watch_disk(self, staged: RunSpec, container) -> DiskWatchdog:
        """Kills the container when its output folders (staged on the host) pass the run's disk quota."""

        def kill() -> None:
            try:
                container.kill()
            except Exception:  # noqa: BLE001 - already gone: nothing left to stop
                pass

        quota = parse_size(staged.disk_quota or DEFAULT_DISK_QUOTA)
        watchdog = DiskWatchdog((staged.submission_dir, staged.logs_dir, staged.code_dir), quota, kill, self.disk_poll)
        watchdog.start()
        return watchdog

    def _limits(self, spec: RunSpec) -> dict[str, Any]:
        """The limits the container gets, as recorded in docker.json and the run's manifest."""
        return {
            "memory": spec.memory or default_memory_limit(),
            "memory_source": "--memory" if spec.memory else "default",
            "pids": spec.pids_limit or DEFAULT_PIDS_LIMIT,
            "cpus": spec.cpus,
            "shm_size": spec.shm_size,
            "disk": spec.disk_quota or DEFAULT_DISK_QUOTA,
            "docker_runtime": self.docker_runtime,
            "enforced_by": "docker (disk: watchdog)",
        }

    def _labels(self, spec: RunSpec) -> dict[str, str]:
        return {
            LABEL_OWNER: OWNER,
            LABEL_PROCESS: process_label(),
            LABEL_SESSION: self.session_label,
            "mlebench.run_group": spec.run_group,
            "mlebench.competition": spec.competition_id,
            "mlebench.seed": str(spec.seed),
            "mlebench.agent": spec.agent.name,
        }

    def _create_arguments(
        self, spec: RunSpec, environment: dict[str, str], user: str, masked: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        from docker.types import DeviceRequest

        limits = self._limits(spec)
        arguments: dict[str, Any] = {
            "image": spec.agent.image,
            "name": f"mlebench-{spec.competition_id}-seed{spec.seed}-{uuid.uuid4().hex[:8]}"[:120],
            "environment": environment,
            "user": user,
            "mounts": _mounts(spec) + _masks(masked),
            "labels": self._labels(spec),
            "network_mode": "bridge" if spec.agent.network else "none",
            "init": True,  # docker-init as pid 1 forwards the stop signal, which pid 1 itself would ignore
            # The agent runs as a non-root user and nothing in the container runs as root: it needs no capability.
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "mem_limit": limits["memory"],
            "memswap_limit": limits["memory"],  # no swap on top: the limit is the memory the agent gets
            "detach": True,
        }
        arguments["pids_limit"] = limits["pids"]
        if spec.agent.container_command:
            # An MLE-bench agent folder: the validation endpoint first, then its start command (entrypoint.sh).
            arguments["entrypoint"] = [FOLDER_ENTRYPOINT]
            arguments["command"] = list(spec.agent.container_command)
        if spec.agent.privileged:
            if not privileged_accepted():
                raise PrerequisiteError(PRIVILEGED_REFUSED.format(name=spec.agent.name))
            arguments["privileged"] = True
            del arguments["cap_drop"], arguments["security_opt"]
        if self.docker_runtime:
            arguments["runtime"] = self.docker_runtime
        if spec.gpus:
            arguments["device_requests"] = [DeviceRequest(device_ids=list(spec.gpus), capabilities=[["gpu"]])]
        if spec.cpus:
            arguments["nano_cpus"] = int(spec.cpus * 1e9)
        if spec.shm_size:
            arguments["shm_size"] = spec.shm_size
        return arguments

    def _wait(self, container, time_limit: float) -> tuple[int | None, bool]:
        """Wait for the exit or the time limit; at the limit, stop (SIGTERM, then SIGKILL after the grace)."""
        import requests

        deadline = time.monotonic() + time_limit
        while (remaining := deadline - time.monotonic()) > 0:
            asked = min(remaining, WAIT_SLICE)
            began = time.monotonic()
            try:
                return int(container.wait(timeout=asked)["StatusCode"]), False
            except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
                # Over a Unix socket a read timeout arrives as a ConnectionError; one that comes early is not one.
                if time.monotonic() - began < 0.9 * asked:
                    raise
        container.stop(timeout=max(1, round(self.stop_grace)))
        try:
            return int(container.wait(timeout=30)["StatusCode"]), True
        except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
            container.kill()
            return None, True

    def _prepare_ownership(self, spec: RunSpec) -> str:
        """The container user; as root on the host, hand the writable folders to the image's agent user."""
        if os.geteuid() != 0:
            return f"{os.getuid()}:{os.getgid()}"  # the agent's files are then the host user's own
        for folder in (spec.submission_dir, spec.logs_dir, spec.code_dir):
            _chown_tree(folder, AGENT_UID, AGENT_UID)
        if spec.checker_socket is not None and spec.checker_socket.exists():
            # The checker's folder is root's (mkdtemp: 0700); the agent user must reach and connect to it.
            os.chmod(spec.checker_socket.parent, 0o711)
            os.chmod(spec.checker_socket, 0o666)
        return f"{AGENT_UID}:{AGENT_UID}"

    def _restore_ownership(self, spec: RunSpec) -> None:
        """As root, give everything the agent wrote back to the owner of the run folder."""
        if os.geteuid() != 0:
            return
        owner = spec.run_dir.stat()
        for folder in (spec.submission_dir, spec.logs_dir, spec.code_dir):
            _chown_tree(folder, owner.st_uid, owner.st_gid)



def _memory_text(memory: str | int) -> str:
    return f"{memory / 2**30:.1f} GiB" if isinstance(memory, int) else str(memory)


def _environment(spec: RunSpec) -> dict[str, str]:
    """The run's variables, the agent's own, and its secrets copied by name from the user's environment."""
    missing = [name for name in spec.agent.secrets if name not in os.environ]
    missing += [host for host in spec.agent.secret_env.values() if host not in os.environ]
    if missing:
        raise PrerequisiteError(f"Agent {spec.agent.name} needs {', '.join(missing)} in the environment; export it first.")
    environment = {"LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "HOME": "/home/agent", **spec.agent.env}
    environment.update({name: os.environ[name] for name in spec.agent.secrets})
    environment.update({name: os.environ[host] for name, host in spec.agent.secret_env.items()})
    environment.update(spec.environment())  # last, as in the local runtime: not the agent spec's to change
    # Inside the container the engine numbers the GPUs it was given from 0, whatever their host indices.
    environment["CUDA_VISIBLE_DEVICES"] = ",".join(str(i) for i in range(len(spec.gpus)))
    return environment


def _mounts(spec: RunSpec) -> list:
    from docker.types import Mount

    def bind(source: Path, target: str, read_only: bool) -> Mount:
        return Mount(target=target, source=str(Path(source).resolve()), type="bind", read_only=read_only)

    mounts = [
        bind(spec.public_dir, SANDBOX_DATA, True),
        bind(spec.submission_dir, SANDBOX_SUBMISSION, False),
        bind(spec.logs_dir, SANDBOX_LOGS, False),
        bind(spec.code_dir, SANDBOX_CODE, False),
    ]
    if spec.instructions.is_file():
        mounts.append(bind(spec.instructions, SANDBOX_INSTRUCTIONS, True))
    shown = Path(spec.public_dir) / "description.md"
    # Bound over the prepared copy only where one exists: a missing target would be created in read-only data.
    if spec.description.is_file() and shown.is_file() and shown.resolve() != Path(spec.description).resolve():
        mounts.append(bind(spec.description, f"{SANDBOX_DATA}/description.md", True))
    if spec.checker_socket is not None:
        mounts.append(bind(spec.checker_socket.parent, str(Path(SANDBOX_CHECKER_SOCKET).parent), True))
    return mounts


def _masks(folders: tuple[str, ...]) -> list:
    """An empty read-only tmpfs over each folder, so what the image holds there cannot be read."""
    from docker.types import Mount

    return [Mount(target=folder, source=None, type="tmpfs", read_only=True, tmpfs_size=4096, tmpfs_mode=0o555)
            for folder in folders]


def _follow_logs(container, path: Path) -> threading.Thread:
    """Copy the container's output into `path` as it comes, so a killed or stuck run still leaves its log."""

    def copy() -> None:
        with open(path, "ab") as handle:
            try:
                for chunk in container.logs(stream=True, follow=True, stdout=True, stderr=True):
                    handle.write(chunk)
                    handle.flush()
            except Exception as error:  # the engine went away mid-stream; say so in the log rather than lose it
                handle.write(f"\n[mlebench: log stream ended: {type(error).__name__}: {error}]\n".encode())

    thread = threading.Thread(target=copy, name=f"logs-{container.name}", daemon=True)
    thread.start()
    return thread


def _stop_and_remove(container, drain: threading.Thread | None) -> None:
    """Always runs, also on Ctrl-C: kill what still runs, let the log copy finish, remove the container."""
    import docker
    import requests

    try:
        container.kill()
    except (docker.errors.APIError, requests.exceptions.ConnectionError):
        pass  # not running any more (the usual case), or the engine is gone and the reaper will see to it
    if drain is not None:
        drain.join(LOG_DRAIN_TIMEOUT)
    try:
        container.remove(force=True)
    except (docker.errors.NotFound, requests.exceptions.ConnectionError):
        pass


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    for directory, folders, files in os.walk(root):
        for name in folders + files:
            os.lchown(os.path.join(directory, name), uid, gid)
    os.lchown(root, uid, gid)

