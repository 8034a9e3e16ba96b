"""A real single-node Slurm for tests: munged, slurmctld and slurmd from Debian's packages, in a private network
namespace, with config, state, sockets and two fake GPUs (character devices) in a temporary folder."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

TOOLS = ("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo", "unshare", "nsenter", "ip")
START_TIMEOUT_S = 60


def missing_prerequisite() -> str | None:
    """Why a local cluster cannot start here (one sentence), or None."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return (f"a local Slurm needs {', '.join(missing)}: apt-get install slurm-wlm munge "
                "(slurmctld, slurmd, munged) plus util-linux and iproute2.")
    if os.geteuid() != 0:
        return "a local Slurm needs root (a private network namespace, device nodes, and slurmd running jobs)."
    return None


class LocalSlurm:
    """One node (this machine) with `gpus` fake GPUs and `cpus` CPUs; commands run inside its namespace."""

    def __init__(self, root: Path, gpus: int = 2, cpus: int = 4) -> None:
        self.root = Path(root)
        self.gpus = gpus
        self.cpus = cpus
        self.host = socket.gethostname()
        self.conf = self.root / "slurm.conf"
        self.holder: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "SLURM_CONF": str(self.conf)}

    def argv(self, argv: list[str]) -> list[str]:
        """`argv` run inside the cluster's network namespace."""
        assert self.holder is not None, "the cluster is not started"
        return ["nsenter", f"--net=/proc/{self.holder.pid}/ns/net", "--", *argv]

    def run(self, argv: list[str], check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("env", self.env)
        kwargs.setdefault("timeout", 120)
        return subprocess.run(self.argv(argv), capture_output=True, text=True, check=check, **kwargs)

    def popen(self, argv: list[str], **kwargs) -> subprocess.Popen:
        kwargs.setdefault("env", self.env)
        return subprocess.Popen(self.argv(argv), **kwargs)

    def _write_config(self) -> None:
        r = self.root
        for sub in ("state", "spool", "log", "dev", "munge"):
            (r / sub).mkdir(parents=True, exist_ok=True)
        (r / "munge").chmod(0o700)
        for i in range(self.gpus):
            os.mknod(r / "dev" / f"nvidia{i}", 0o666 | 0o020000, os.makedev(1, 3))  # a /dev/null: only its kind matters
        subprocess.run(["mungekey", "-c", "-k", str(r / "munge" / "munge.key")], check=True, capture_output=True)
        (r / "munge" / "munge.key").chmod(0o600)
        gres = f"Gres=gpu:{self.gpus}" if self.gpus else ""
        self.conf.write_text(f"""\
ClusterName=mlebench-test
SlurmctldHost={self.host}(127.0.0.2)
AuthType=auth/munge
AuthInfo=socket={r}/munge/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation={r}/state
SlurmdSpoolDir={r}/spool
SlurmctldPidFile={r}/slurmctld.pid
SlurmdPidFile={r}/slurmd.pid
SlurmctldLogFile={r}/log/slurmctld.log
SlurmdLogFile={r}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
MpiDefault=none
ReturnToService=2
KillWait=5
SlurmdParameters=config_overrides
NodeName={self.host} NodeAddr=127.0.0.2 CPUs={self.cpus} RealMemory=4000 {gres} State=UNKNOWN
PartitionName=debug Nodes={self.host} Default=YES MaxTime=INFINITE State=UP
""")
        if self.gpus:
            (r / "gres.conf").write_text(f"NodeName={self.host} Name=gpu File={r}/dev/nvidia[0-{self.gpus - 1}]\n")

    def start(self) -> LocalSlurm:
        self._write_config()
        self.holder = subprocess.Popen(["unshare", "-n", "sleep", "infinity"], start_new_session=True)
        time.sleep(0.1)
        r = self.root
        self.run(["ip", "link", "set", "lo", "up"])
        self.run(["ip", "addr", "add", "127.0.0.2/8", "dev", "lo"])  # Slurm must resolve its own host there
        self.run(["munged", f"--socket={r}/munge/munge.sock", f"--key-file={r}/munge/munge.key",
                  f"--pid-file={r}/munge/munged.pid", f"--log-file={r}/log/munged.log", f"--seed-file={r}/munge/seed",
                  "--force"])
        self.run(["slurmctld", "-f", str(self.conf)])
        self.run(["slurmd", "-f", str(self.conf)])
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            out = self.run(["sinfo", "-h", "-o", "%t"], check=False).stdout.strip()
            if out == "idle":
                return self
            time.sleep(0.2)
        raise RuntimeError(f"the local Slurm did not come up; see {r}/log")

    def jobs(self) -> list[str]:
        """Every job the controller still holds, one `id|state|name` line each."""
        out = self.run(["squeue", "-h", "-r", "-o", "%i|%T|%j"], check=False).stdout
        return [line for line in out.splitlines() if line.strip()]

    def daemon_pids(self) -> dict[str, int]:
        pids = {}
        for name, path in (("slurmd", "slurmd.pid"), ("slurmctld", "slurmctld.pid"), ("munged", "munge/munged.pid")):
            try:
                pids[name] = int((self.root / path).read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
        return pids

    def stop(self) -> list[str]:
        """Cancel every job, stop the daemons by their pid files; returns what was left (should be nothing)."""
        left = []
        if self.holder is None:
            return left
        if self.jobs():
            self.run(["scancel", "--user=root"], check=False)
            deadline = time.monotonic() + 30
            while self.jobs() and time.monotonic() < deadline:
                time.sleep(0.2)
        left += [f"job {line}" for line in self.jobs()]
        for name, pid in self.daemon_pids().items():
            _terminate(pid)
            if _alive(pid):
                left.append(f"{name} (pid {pid})")
        os.killpg(self.holder.pid, signal.SIGKILL)
        self.holder.wait()
        return left


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def _terminate(pid: int, timeout: float = 15.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
