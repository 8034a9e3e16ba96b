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
AGENT_PROGRAMS = Path(__file__).resolve().parent.parent / "agent_programs"
# The agent's host uid/gid when the harness is root (nobody/nogroup: a passwd entry, so getpass works).
AGENT_UID = AGENT_GID = 65534
SETPRIV = "/usr/bin/setpriv"
DROP_ROOT_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP")  # for setpriv only; it drops them all
PROC_READ_ONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus")
SKLEARN_DATASETS = tuple(f"{lib}/python3*/{packages}/sklearn/datasets/{name}" for lib in ("lib", "lib64", "local/lib")
                         for packages in ("site-packages", "dist-packages") for name in ("data", "descr", "images"))


def sandbox_argv(spec: RunSpec, bwrap: str, status_fd: int, started_fd: int, staged: RunSpec | None = None) -> list[str]:
    """`bwrap ... -- <agent command>` for `spec`; raises `ConfigError` if a needed path would expose the answers.

    `staged` is `spec` with its data and output folders at neutral paths (`staging`): those are bound, while
    `spec`'s own paths decide what must stay hidden. bubblewrap reports the sandbox's pids on `status_fd`; a byte
    on `started_fd` says its mounts were all made (bubblewrap's own reports come before that, so they cannot tell
    a broken sandbox from a failing agent). As root, the agent runs as `AGENT_UID`, not as root.
    """
    guard = _Guard(Path(spec.public_dir))
    check_mounts(spec)
    as_root = os.geteuid() == 0
    argv = [bwrap, *_namespaces(spec.agent.network, as_root)]
    argv += _system()
    argv += ["--proc", "/proc", *_read_only_proc(), "--dev", "/dev", "--ro-bind-try", "/sys", "/sys"]
    # Sticky and world-writable: under a root harness the agent is `AGENT_UID`, and its HOME and TMPDIR are here
    # (/dev/shm too: multiprocessing's semaphores live there).
    argv += [arg for path in ("/tmp", "/var/tmp", "/dev/shm", SANDBOX_HOME) for arg in ("--perms", "1777", "--tmpfs", path)]
    made: set[Path] = set()
    for path in python_roots():  # after the /home tmpfs, so a Python installed under /home stays visible
        guard.check(path, "the Python interpreter")
        argv += _bind_in_place(path, made)
    if spec.gpus:
        argv += [arg for dev in sorted(Path("/dev").glob("nvidia*")) for arg in ("--dev-bind", str(dev), str(dev))]
    argv += _home(staged or spec)
    for mount in spec.agent.mounts:  # after the /home tmpfs too: a cached environment may live under /home
        path = Path(mount)
        guard.check(path, f"agent {spec.agent.name}'s mount")
        argv += _bind_in_place(path, made)
    for path in command_files(spec.agent.command, spec.agent.mounts, agent_folder(spec.agent.source)):
        guard.check(path, f"agent {spec.agent.name}'s command")
        argv += _bind_in_place(path, made)
    for path in bundled_datasets([*python_roots(), *(Path(m) for m in spec.agent.mounts)]):
        argv += ["--tmpfs", str(path), "--remount-ro", str(path)]
    argv += ["--chdir", SANDBOX_HOME, "--json-status-fd", str(status_fd), "--"]
    return argv + _drop_root(as_root) + started_marker(started_fd) + list(spec.agent.command)


def started_marker(fd: int) -> list[str]:
    """A prefix that writes one byte to `fd`, closes it, and becomes the agent's command.

    It uses the harness's interpreter, which every sandbox has (a POSIX shell cannot name fds above 9).
    """
    code = f"import os,sys;os.write({fd},b'1');os.close({fd});os.execvp(sys.argv[1],sys.argv[1:])"
    return [str(Path(sys.executable).resolve()), "-I", "-S", "-c", code]


def _namespaces(network: bool, as_root: bool) -> list[str]:
    # --cap-drop ALL: bubblewrap started by root otherwise keeps every capability, and root could remount
    # the read-only binds writable. As root, no user namespace (it would map the agent to host uid 0, and /proc
    # and /sys check the host uid): the sandbox keeps only what `setpriv` needs to become `AGENT_UID`.
    args = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "mlebench",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if as_root:
        args += [arg for cap in DROP_ROOT_CAPS for arg in ("--cap-add", cap)]
    else:
        args.insert(0, "--unshare-user-try")
    return args if network else [*args, "--unshare-net"]


def _bind_in_place(path: Path, made: set[Path]) -> list[str]:
    """A read-only bind of `path` at the same path, its missing parents made traversable (bubblewrap makes
    them 0700, which the unprivileged agent could not enter)."""
    args: list[str] = []
    for parent in reversed(path.parents):
        if parent != Path("/") and parent not in made and not _under(parent, [Path(d) for d in SYSTEM_DIRS]):
            made.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return [*args, "--ro-bind", str(path), str(path)]


def _drop_root(as_root: bool) -> list[str]:
    """As root, `setpriv` makes the agent `AGENT_UID` with no groups and no capabilities left to regain."""
    if not as_root:
        return []
    ids = [f"--reuid={AGENT_UID}", f"--regid={AGENT_GID}", "--clear-groups"]
    return [SETPRIV, *ids, "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"]


def _read_only_proc() -> list[str]:
    """/proc's host-wide knobs read-only: /proc/sys/kernel/core_pattern would run a program as root."""
    return [arg for name in PROC_READ_ONLY for arg in ("--ro-bind-try", name, name)]


def bundled_datasets(roots: Iterable[Path]) -> list[Path]:
    """scikit-learn's bundled dataset folders under `roots`: the practice competitions are built from them."""
    found = []
    for root in {*roots, Path("/usr")}:
        for pattern in (*SKLEARN_DATASETS, *(f"sklearn/datasets/{name}" for name in ("data", "descr", "images"))):
            found += [p for p in root.glob(pattern) if p.is_dir()]
    return sorted(set(found))


def agent_folder(source: str) -> Path:
    """The one folder whose files an agent's command may name: its YAML file's folder, or the built-in programs."""
    return Path(source).parent if os.path.isabs(source) else AGENT_PROGRAMS


def check_mounts(spec: RunSpec) -> None:
    """`ConfigError` for an agent mount that is not an absolute folder or that overlaps the data or runs folder,
    `$HOME` or `/` (a mount inside `$HOME`, such as a cached venv, is fine)."""
    public = Path(spec.public_dir).resolve()
    data_dir = public.parents[2] if len(public.parents) > 2 else public.parent
    runs_dir = _runs_dir(spec)
    where = f"{spec.agent.source}: field 'mounts'"
    for mount in spec.agent.mounts:
        path = Path(mount)
        if not path.is_absolute() or not path.is_dir():
            raise ConfigError(f"{where}: {mount} must be an existing folder given by its absolute path.")
        real = path.resolve()
        for what, other in (("the data folder", data_dir), ("the runs folder", runs_dir)):
            if _under(real, [other]) or _under(other, [real]):
                raise ConfigError(f"{where}: {mount} overlaps {what} {other}; mount a folder outside it.")
        for what, other in (("$HOME", Path.home().resolve()), ("/", Path("/"))):
            if _under(other, [real]):
                raise ConfigError(f"{where}: {mount} contains {what}; mount a narrower folder.")


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
    # bubblewrap makes missing parents 0700: the agent's folder for the socket and `python` must be enterable.
    args = ["--perms", "0755", "--dir", str(Path(SANDBOX_BIN).parent), "--ro-bind", str(public), SANDBOX_DATA]
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


def command_files(command: Iterable[str], mounts: Iterable[str] = (), folder: Path = AGENT_PROGRAMS) -> list[Path]:
    """Absolute paths of files the command names inside the agent's `folder`, bound read-only where they are.

    Any other path argument (`/etc/shadow`, another competition's answers) stays a plain string: the agent's
    spec exposes its own folder only. Folders are never bound this way. Files inside the agent's `mounts` are
    visible already (a venv's `bin/python` is a symlink that must stay one).
    """
    visible = [Path(d) for d in SYSTEM_DIRS] + python_roots() + [Path(m) for m in mounts]
    own = Path(folder).resolve()
    files = [Path(arg) for arg in command if os.path.isabs(arg) and os.path.isfile(arg)]
    return sorted({f for f in files if not _under(f, visible) and _under(f.resolve(), [own])})


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


def _runs_dir(spec: RunSpec) -> Path:
    """The runs folder above `<runs>/<group>/<competition>/seed<k>`; the run folder itself in another layout."""
    run_dir = Path(spec.run_dir).resolve()
    names = [p.name for p in (run_dir, *run_dir.parents[:2])]
    if len(run_dir.parents) > 2 and names == [f"seed{spec.seed}", spec.competition_id, spec.run_group]:
        return run_dir.parents[2]
    return run_dir


def _under(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _outermost(paths: list[Path]) -> list[Path]:
    kept: list[Path] = []
    for path in sorted(set(paths), key=lambda p: len(p.parts)):
        if not _under(path, kept):
            kept.append(path)
    return kept
