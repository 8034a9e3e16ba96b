"""The local runtime: the agent's command as a subprocess of this machine, inside a bubblewrap sandbox.

It enforces the time limit and the resource limits (`limits`) on every process the agent started and reports
what happened; it never raises for the agent's own failure. Without bubblewrap it runs the agent unsandboxed only when told to
(`--allow-unsandboxed`): same environment and time limit, but the agent could read any file the user can.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pytest_mlebench.errors import ConfigError, PrerequisiteError
from pytest_mlebench.results import RunResult
from pytest_mlebench.runtime import RunSpec
from pytest_mlebench.runtime.bubblewrap import (
    AGENT_GID,
    AGENT_UID,
    CLIENT_SCRIPT,
    SETPRIV,
    sandbox_argv,
    sandbox_path,
)
from pytest_mlebench.runtime.disk_quota import DISK_POLL_S, DiskWatchdog
from pytest_mlebench.runtime.limits import AppliedLimits, Limiter, ResourceLimits, format_size
from pytest_mlebench.runtime.staging import staged

LOG_FILE = "agent.log"
KILL_GRACE_S = 5.0
"""Seconds between SIGTERM and SIGKILL at the time limit, for the agent to flush what it has."""

Signaller = Callable[[int], None]


class LocalRuntime:
    """Runs `spec.agent.command` under bubblewrap (or, if allowed and bubblewrap is missing, without it)."""

    name = "local"

    def __init__(self, allow_unsandboxed: bool = False, kill_grace: float = KILL_GRACE_S,
                 limiter: Limiter | None = None, disk_poll: float = DISK_POLL_S) -> None:
        self.allow_unsandboxed = allow_unsandboxed
        self.kill_grace = kill_grace
        # RLIMIT_NPROC counts per uid: meaningful where the agent runs as its own user (root harness, sandbox)
        self.limiter = limiter or Limiter(agent_uid=AGENT_UID if os.geteuid() == 0 else None)
        self.disk_poll = disk_poll

    @functools.cached_property
    def sandbox_problem(self) -> str | None:
        """None when bubblewrap can build a sandbox here, else why not (probed once: it costs a process start)."""
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            return "bubblewrap (bwrap) is not installed"
        probe = subprocess.run(
            [bwrap, "--ro-bind", "/", "/", "--unshare-user-try", "--unshare-pid", "--unshare-net", "--cap-drop", "ALL",
             "true"],
            capture_output=True, text=True,
        )
        if probe.returncode != 0:
            return f"bubblewrap cannot create a sandbox here ({probe.stderr.strip() or probe.returncode})"
        if os.geteuid() == 0 and not os.access(SETPRIV, os.X_OK):
            return f"{SETPRIV} (util-linux), which makes the agent an unprivileged user under root, is missing"
        return None

    @property
    def sandboxed(self) -> bool:
        """Whether runs go through bubblewrap on this machine."""
        return self.sandbox_problem is None

    def check_available(self) -> None:
        problem = self.sandbox_problem
        if problem is not None and not self.allow_unsandboxed:
            raise PrerequisiteError(
                f"{problem}; install bubblewrap (apt-get install bubblewrap) or pass --allow-unsandboxed "
                "to run agents without a sandbox (weaker isolation)."
            )

    def run(self, spec: RunSpec) -> RunResult:
        self.check_available()
        if not spec.agent.command:
            raise ConfigError(f"Agent {spec.agent.name} has no command for the local runtime; use --runtime docker.")
        for folder in (spec.submission_dir, spec.logs_dir, spec.code_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if not Path(spec.public_dir).is_dir():
            return _result(spec, None, False, 0.0, infra=f"The public data folder {spec.public_dir} does not exist.")
        try:
            limits = ResourceLimits.for_run(spec)
        except ValueError as exc:
            raise ConfigError(f"The run's --memory or --disk-quota: {exc}.") from None
        applied = self.limiter.apply(limits, f"mlebench-{os.getpid()}-{secrets.token_hex(4)}",
                                     address_space=spec.memory is not None and not spec.gpus)
        try:
            if self.sandboxed:
                result = self._run_sandboxed(spec, applied)
            else:
                result = self._run_unsandboxed(spec, applied)
        finally:
            applied.close()
        return dataclasses.replace(result, limits=applied.describe())

    def _watch_disk(self, folders: tuple[Path, ...], applied: AppliedLimits, signaller: Signaller) -> DiskWatchdog | None:
        if not applied.limits.disk:
            return None
        watchdog = DiskWatchdog(folders, applied.limits.disk, lambda: signaller(signal.SIGKILL), self.disk_poll)
        watchdog.start()
        return watchdog

    def _run_sandboxed(self, spec: RunSpec, applied: AppliedLimits) -> RunResult:
        as_root = os.geteuid() == 0
        if as_root and spec.checker_socket is not None and Path(spec.checker_socket).exists():
            os.chmod(spec.checker_socket, 0o666)  # its folder stays private; the agent's user must connect
        with staged(spec, (AGENT_UID, AGENT_GID) if as_root else None) as stage:
            return self._run_staged(spec, stage.spec, applied)

    def _run_staged(self, spec: RunSpec, staged_spec: RunSpec, applied: AppliedLimits) -> RunResult:
        env = agent_environment(spec, {"PATH": sandbox_path(), "HOME": "/home"})
        status_r, status_w = os.pipe()
        started_r, started_w = os.pipe()
        try:
            argv = applied.wrap(sandbox_argv(spec, shutil.which("bwrap") or "bwrap", status_w, started_w, staged_spec))
        except BaseException:
            for fd in (status_r, status_w, started_r, started_w):
                os.close(fd)
            raise
        status = _StatusReader(status_r)
        log_path = spec.logs_dir / LOG_FILE
        with open(log_path, "ab") as log:
            offset = log.tell()
            start = time.monotonic()
            try:
                proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                        pass_fds=(status_w, started_w), start_new_session=True)
            except OSError as exc:
                status.close()
                os.close(started_r)
                return _result(spec, None, False, 0.0, infra=f"bubblewrap could not be started: {exc}")
            finally:
                os.close(status_w)
                os.close(started_w)
            status.start()
            signaller = _namespace_signaller(proc, status)
            outputs = (staged_spec.submission_dir, staged_spec.logs_dir, staged_spec.code_dir)
            watchdog = self._watch_disk(outputs, applied, signaller)
            timed_out = _wait(proc, spec.time_limit - (time.monotonic() - start), signaller, self.kill_grace)
            wall = time.monotonic() - start
        status.join(timeout=5.0)
        os.set_blocking(started_r, False)
        try:
            started = os.read(started_r, 1) == b"1"
        except BlockingIOError:
            started = False
        finally:
            os.close(started_r)
        if not started:
            return _result(spec, proc.returncode, timed_out, wall,
                           infra=f"bubblewrap could not set up the sandbox: {_tail(log_path, offset)}")
        return _result(spec, proc.returncode, timed_out, wall, error=_limit_error(applied, watchdog))

    def _run_unsandboxed(self, spec: RunSpec, applied: AppliedLimits) -> RunResult:
        home = Path(tempfile.mkdtemp(prefix="mlebench-home-"))
        try:
            paths = _home_layout(spec, home)
            path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"])
            env = agent_environment(spec, {"PATH": path, "HOME": str(home)}, paths)
            program = spec.agent.command[0]
            if not any(os.access(Path(d) / program, os.X_OK) for d in ("", *env["PATH"].split(os.pathsep))):
                # behind the limits' pre-exec step Popen cannot tell a missing program from the agent's failure
                return _result(spec, None, False, 0.0, error=f"The agent's command could not start: {program} not found")
            with open(spec.logs_dir / LOG_FILE, "ab") as log:
                start = time.monotonic()
                try:
                    proc = subprocess.Popen(applied.wrap(spec.agent.command), env=env, cwd=home, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
                except OSError as exc:
                    return _result(spec, None, False, 0.0, error=f"The agent's command could not start: {exc}")
                signaller = _group_signaller(proc.pid)
                watchdog = self._watch_disk((spec.submission_dir, spec.logs_dir, spec.code_dir), applied, signaller)
                timed_out = _wait(proc, spec.time_limit - (time.monotonic() - start), signaller, self.kill_grace)
                wall = time.monotonic() - start
                signaller(signal.SIGKILL)  # what the agent left running in its group
            return _result(spec, proc.returncode, timed_out, wall, error=_limit_error(applied, watchdog))
        finally:
            shutil.rmtree(home, ignore_errors=True)  # symlinks only; their targets are untouched


def agent_environment(spec: RunSpec, basics: dict[str, str], paths: dict[str, str] | None = None) -> dict[str, str]:
    """The agent's whole environment: nothing of the harness's own leaks in, secrets only by their names."""
    env = {"LANG": "C.UTF-8", "TMPDIR": "/tmp", "PYTHONUNBUFFERED": "1", **basics}
    env.update(spec.agent.env)
    missing = [name for name in spec.agent.secrets if name not in os.environ]
    if missing:
        raise PrerequisiteError(
            f"Agent {spec.agent.name} needs {', '.join('$' + n for n in missing)}; set it in the environment."
        )
    env.update({name: os.environ[name] for name in spec.agent.secrets})
    env.update(spec.environment())  # last: the harness's variables are not the agent spec's to change
    env.update(paths or {})
    return env


def _home_layout(spec: RunSpec, home: Path) -> dict[str, str]:
    """The sandbox's /home as symlinks under `home`, for unsandboxed runs; returns the variables naming them."""
    data = home / "data"
    public = Path(spec.public_dir).resolve()
    description = Path(spec.description).resolve()
    if not description.is_file() or description == public / "description.md":
        data.symlink_to(public)
    else:  # another description replaces the shipped one: link the public entries one by one
        data.mkdir()
        for entry in public.iterdir():
            if entry.name != "description.md":
                (data / entry.name).symlink_to(entry)
        (data / "description.md").symlink_to(description)
    links = {"submission": spec.submission_dir, "logs": spec.logs_dir, "code": spec.code_dir,
             "instructions.txt": Path(spec.instructions), "validate_submission.py": CLIENT_SCRIPT}
    for name, target in links.items():
        (home / name).symlink_to(Path(target).resolve())
    paths = {"MLEBENCH_DATA": str(data), "MLEBENCH_SUBMISSION": str(home / "submission"),
             "MLEBENCH_LOGS": str(home / "logs"), "MLEBENCH_CODE": str(home / "code")}
    if spec.checker_socket is not None:
        paths["MLEBENCH_CHECKER_SOCKET"] = str(Path(spec.checker_socket).resolve())
    return paths


class _StatusReader(threading.Thread):
    """Reads bubblewrap's --json-status-fd: the agent's host pid and its pid namespace once it started."""

    def __init__(self, fd: int) -> None:
        super().__init__(name="mlebench-bwrap-status", daemon=True)
        self.stream = os.fdopen(fd, "r")
        self.child_pid: int | None = None
        self.pid_namespace: int | None = None
        self.started = threading.Event()

    def run(self) -> None:
        try:
            for line in self.stream:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if "child-pid" in record:
                    self.child_pid = int(record["child-pid"])
                    self.pid_namespace = record.get("pid-namespace")
                    self.started.set()
        finally:
            self.started.set()
            self.close()

    def close(self) -> None:
        try:
            self.stream.close()
        except OSError:
            pass


def _namespace_signaller(proc: subprocess.Popen, status: _StatusReader) -> Signaller:
    """Signals every process in the sandbox's pid namespace: an agent cannot escape by changing its group."""

    def send(sig: int) -> None:
        status.started.wait(timeout=1.0)
        pids = _namespace_members(status.pid_namespace) if status.pid_namespace else []
        # The first child is the namespace's init: SIGTERM goes to the agent's processes only, so they get
        # the grace period; SIGKILL goes to init first, and the kernel then kills every member at once.
        pids = [p for p in pids if p != status.child_pid]
        if sig == signal.SIGKILL and status.child_pid:
            pids.insert(0, status.child_pid)
        for pid in pids:
            _kill(pid, sig)
        if sig == signal.SIGKILL or not pids:
            _kill_group(proc.pid, sig)

    return send


def _namespace_members(namespace: int) -> list[int]:
    target = f"pid:[{namespace}]"
    members = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.readlink(f"/proc/{name}/ns/pid") == target:
                    members.append(int(name))
            except OSError:
                continue
    return members


def _group_signaller(pgid: int) -> Signaller:
    return lambda sig: _kill_group(pgid, sig)


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _wait(proc: subprocess.Popen, remaining: float, signaller: Signaller, grace: float) -> bool:
    """Wait for the agent until its time is up, then SIGTERM, then SIGKILL; True when the limit was hit."""
    try:
        proc.wait(timeout=max(remaining, 0.0))
        return False
    except subprocess.TimeoutExpired:
        pass
    except BaseException:  # Ctrl-C in the session: the agent must not outlive it
        signaller(signal.SIGKILL)
        proc.wait()
        raise
    signaller(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        signaller(signal.SIGKILL)
        proc.wait()
    return True


def _limit_error(applied: AppliedLimits, watchdog: DiskWatchdog | None) -> str | None:
    """Why the agent was stopped early, when a resource limit did it (what it wrote is graded all the same)."""
    if watchdog is not None and watchdog.finish():
        return f"the agent was killed for exceeding the disk quota ({format_size(watchdog.quota)})"
    if applied.oom_killed():
        return f"the agent was killed for exceeding the memory limit ({format_size(applied.limits.memory or 0)})"
    return None


def _tail(path: Path, offset: int, limit: int = 2000) -> str:
    with open(path, "rb") as handle:
        handle.seek(offset)
        text = handle.read().decode(errors="replace").strip()
    return text[-limit:] or "no message"


def _result(spec: RunSpec, exit_code: int | None, timed_out: bool, wall: float, *,
            error: str | None = None, infra: str | None = None) -> RunResult:
    return RunResult(
        exit_code=exit_code,
        timed_out=timed_out,
        wall_seconds=round(wall, 3),
        run_dir=str(spec.run_dir),
        submission_path=str(spec.submission_dir / "submission.csv"),
        logs_dir=str(spec.logs_dir),
        code_dir=str(spec.code_dir),
        runtime=LocalRuntime.name,
        error=infra or error,
        infra_failure=infra is not None,
    )


__all__ = ["KILL_GRACE_S", "LOG_FILE", "LocalRuntime", "agent_environment"]
