"""The bubblewrap command line for one run: which host paths the agent sees, where, and how.

What is not listed here does not exist in the sandbox: the private answers, the rest of the data folder and
the user's home stay out. This module only builds arguments; `local` starts and supervises the process.
"""

from __future__ import annotations

import os
import site
import sys
from collections.abc import Iterable
from pathlib import Path

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.runtime import (
    SANDBOX_CHECKER,
    SANDBOX_CHECKER_SOCKET,
    SANDBOX_CODE,
    SANDBOX_DATA,
    SANDBOX_INSTRUCTIONS,
    SANDBOX_LOGS,
    SANDBOX_SUBMISSION,
    RunSpec,
)

SANDBOX_HOME = "/home"
SANDBOX_BIN = "/home/.mlebench/bin"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Only what programs need to start, resolve names and verify TLS; /etc as a whole may hold host secrets.
ETC_ENTRIES = (
    "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
    "/etc/timezone", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/host.conf",
    "/etc/resolv.conf", "/etc/gai.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/mime.types",
    "/etc/fonts", "/etc/os-release", "/etc/debian_version",
)
CLIENT_SCRIPT = Path(__file__).resolve().parent.parent / "sandbox_files" / "validate_submission.py"


def sandbox_argv(spec: RunSpec, bwrap: str, status_fd: int, started_fd: int) -> list[str]:
    """`bwrap ... -- <agent command>` for `spec`; raises `ConfigError` if a needed path would expose the answers.

    bubblewrap reports the sandbox's pids on `status_fd`; a byte on `started_fd` says its mounts were all made
    (bubblewrap's own reports come before that, so they cannot tell a broken sandbox from a failing agent).
    """
    guard = _Guard(Path(spec.public_dir))
    argv = [bwrap, *_namespaces(spec.agent.network)]
    argv += _system()
    argv += ["--proc", "/proc", "--dev", "/dev", "--ro-bind-try", "/sys", "/sys"]
    argv += ["--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", SANDBOX_HOME]
    for path in python_roots():  # after the /home tmpfs, so a Python installed under /home stays visible
        guard.check(path, "the Python interpreter")
        argv += ["--ro-bind", str(path), str(path)]
    if spec.gpus:
        argv += [arg for dev in sorted(Path("/dev").glob("nvidia*")) for arg in ("--dev-bind", str(dev), str(dev))]
    argv += _home(spec)
    for mount in spec.agent.mounts:  # after the /home tmpfs too: a cached environment may live under /home
        path = Path(mount)
        if not path.is_absolute() or not path.is_dir() or path.resolve() in (Path("/"), Path.home().resolve()):
            raise ConfigError(f"agent {spec.agent.name}'s mount {mount} must be an existing folder other than / or $HOME.")
        guard.check(path, f"agent {spec.agent.name}'s mount")
        argv += ["--ro-bind", str(path), str(path)]
    for path in command_files(spec.agent.command, spec.agent.mounts):
        guard.check(path, f"agent {spec.agent.name}'s command")
        argv += ["--ro-bind", str(path), str(path)]
    argv += ["--chdir", SANDBOX_HOME, "--json-status-fd", str(status_fd), "--", *started_marker(started_fd)]
    return argv + list(spec.agent.command)


def started_marker(fd: int) -> list[str]:
    """A prefix that writes one byte to `fd`, closes it, and becomes the agent's command.

    It uses the harness's interpreter, which every sandbox has (a POSIX shell cannot name fds above 9).
    """
    code = f"import os,sys;os.write({fd},b'1');os.close({fd});os.execvp(sys.argv[1],sys.argv[1:])"
    return [str(Path(sys.executable).resolve()), "-I", "-S", "-c", code]


def _namespaces(network: bool) -> list[str]:
    # --cap-drop ALL: bubblewrap started by root otherwise keeps every capability, and root could remount
    # the read-only binds writable.
    args = ["--unshare-user-try", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "mlebench", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    return args if network else [*args, "--unshare-net"]


def _system() -> list[str]:
    args: list[str] = []
    for name in SYSTEM_DIRS:
        path = Path(name)
        if path.is_symlink():  # merged /usr: /bin -> usr/bin
            args += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            args += ["--ro-bind", name, name]
    for name in ETC_ENTRIES:
        args += ["--ro-bind-try", name, name]
    return args


def _home(spec: RunSpec) -> list[str]:
    public = Path(spec.public_dir)
    args = ["--ro-bind", str(public), SANDBOX_DATA]
    shipped = public / "description.md"
    if shipped.is_file() and Path(spec.description).is_file() and shipped.resolve() != Path(spec.description).resolve():
        args += ["--ro-bind", str(spec.description), f"{SANDBOX_DATA}/description.md"]  # e.g. --description concise
    args += [
        "--bind", str(spec.submission_dir), SANDBOX_SUBMISSION,
        "--bind", str(spec.logs_dir), SANDBOX_LOGS,
        "--bind", str(spec.code_dir), SANDBOX_CODE,
        "--ro-bind", str(spec.instructions), SANDBOX_INSTRUCTIONS,
        "--ro-bind", str(CLIENT_SCRIPT), SANDBOX_CHECKER,
    ]
    if spec.checker_socket is not None:
        args += ["--ro-bind", str(spec.checker_socket), SANDBOX_CHECKER_SOCKET]
    # `python` must name the harness's interpreter even where the system only ships python3.
    executable = str(Path(sys.executable).resolve())
    args += ["--symlink", executable, f"{SANDBOX_BIN}/python", "--symlink", executable, f"{SANDBOX_BIN}/python3"]
    return args


def sandbox_path() -> str:
    """PATH inside the sandbox: the harness's interpreter folder first, so `python` is the same Python."""
    return os.pathsep.join([str(Path(sys.executable).parent), SANDBOX_BIN, "/usr/local/bin", "/usr/bin", "/bin"])


def python_roots() -> list[Path]:
    """The folders the harness's Python and its packages live in, outside the system folders."""
    candidates: list[str] = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    candidates.append(str(Path(sys.executable).resolve().parent.parent))
    candidates += site.getsitepackages()
    if site.ENABLE_USER_SITE:
        candidates.append(site.getusersitepackages())
    candidates += [p for p in sys.path if "site-packages" in p or "dist-packages" in p]
    paths: list[Path] = []
    too_wide = {Path("/"), Path.home()}  # never bind these whole, whatever odd layout the interpreter has
    for raw in candidates:
        for path in {Path(os.path.abspath(raw)), Path(raw).resolve()}:  # a symlinked prefix is seen both ways
            if path.is_dir() and path not in too_wide and not _under(path, [Path(d) for d in SYSTEM_DIRS]):
                paths.append(path)
    return _outermost(paths)


def command_files(command: Iterable[str], mounts: Iterable[str] = ()) -> list[Path]:
    """Absolute paths of files the command names (the agent's script), bound read-only where they are.

    Folders are never bound this way: an argument like `/` or `$HOME` would expose everything. Files inside
    the agent's `mounts` are visible already (a venv's `bin/python` is a symlink that must stay one).
    """
    visible = [Path(d) for d in SYSTEM_DIRS] + python_roots() + [Path(m) for m in mounts]
    files = [Path(arg) for arg in command if os.path.isabs(arg) and os.path.isfile(arg)]
    return sorted({f for f in files if not _under(f, visible)})


class _Guard:
    """Refuses a bind that would show the prepared folder's private answers to the agent."""

    def __init__(self, public: Path) -> None:
        self.public = public.resolve()
        self.prepared = self.public.parent

    def check(self, path: Path, what: str) -> None:
        real = path.resolve()
        if _under(self.prepared, [real]) or (_under(real, [self.prepared]) and not _under(real, [self.public])):
            raise ConfigError(
                f"{what} at {path} contains or sits inside {self.prepared}, which holds the private answers; "
                "move it or the data folder (--data-dir) elsewhere."
            )


def _under(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _outermost(paths: list[Path]) -> list[Path]:
    kept: list[Path] = []
    for path in sorted(set(paths), key=lambda p: len(p.parts)):
        if not _under(path, kept):
            kept.append(path)
    return kept
