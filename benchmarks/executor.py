"""Scheduling overhead per run of the Slurm executor on a local single-node cluster, next to inline.

Run as root where Debian's slurm-wlm and munge are installed: `python benchmarks/executor.py [--runs 20]`.
A no-op agent (it writes two timestamps and copies the sample submission) runs `--runs` times each way, one run
at a time, through the functions the plugin calls; per run it prints submit -> agent start and agent end ->
graded (median, p95, max). It then submits all runs as one array (two fake GPUs: two at a time) and prints the
wall time per run. The cluster is the tests' (tests/slurm/cluster.py), started in its own network namespace.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NOOP = ("/bin/sh", "-c", 'date +%s.%N > "$MLEBENCH_LOGS/start"; '
        'cp "$MLEBENCH_DATA/sample_submission.csv" "$MLEBENCH_SUBMISSION/submission.csv"; '
        'date +%s.%N > "$MLEBENCH_LOGS/end"')


def measure(executor_name: str, runs: int, tmp: Path, competition_id: str) -> dict[str, list[float]]:
    """Per-run phases, one run at a time, then one batch of `runs`; the clock is wall time (shared with nodes)."""
    from pytest_mlebench.data.prepare import prepare_competition
    from pytest_mlebench.executor.slurm import SlurmExecutor, SlurmOptions
    from pytest_mlebench.item import ItemContext, grade_run, launch_run, run_request
    from pytest_mlebench.registry import Registry
    from pytest_mlebench.runtime import AgentSpec
    from pytest_mlebench.runtime.local import LocalRuntime

    competition = Registry().get(competition_id)
    data_dir = tmp / "data"
    prepare_competition(competition, data_dir, download=None)
    runtime = LocalRuntime(allow_unsandboxed=True)
    out: dict[str, list[float]] = {"submit -> start": [], "end -> graded": [], "batch wall per run": []}
    for phase in ("sequential", "batch"):
        ctx = ItemContext(data_dir=data_dir, runs_dir=tmp / "runs", run_group=f"{executor_name}-{phase}",
                          agent=AgentSpec(name="noop", command=NOOP), runtime=runtime, time_limit=60.0)
        slurm = SlurmExecutor(ctx.runs_dir / ctx.run_group, "local", SlurmOptions(gpus=1), allow_unsandboxed=True,
                              poll_s=0.1, grace_s=2.0) if executor_name == "slurm" else None
        batch_start = time.time()
        if phase == "batch" and slurm is not None:
            slurm.submit([run_request(ctx, competition, seed, ()) for seed in range(runs)])
        for seed in range(runs):
            submitted = time.time()
            if slurm is None:
                run = launch_run(ctx, competition, seed, ())
            else:
                slurm.submit([run_request(ctx, competition, seed, ())])
                run = slurm.wait(f"{competition.id}/seed{seed}")
            record = grade_run(ctx, competition, seed, run, ())
            graded = time.time()
            if not record["valid_submission"]:
                raise SystemExit(f"the no-op agent's run was not gradeable: {run}")
            logs = Path(run.logs_dir)
            if phase == "sequential":
                out["submit -> start"].append(float((logs / "start").read_text()) - submitted)
                out["end -> graded"].append(graded - float((logs / "end").read_text()))
        if phase == "batch":
            out["batch wall per run"].append((time.time() - batch_start) / runs)
        if slurm is not None:
            slurm.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--competition", default="practice-breast-cancer")
    parser.add_argument("--inside", choices=("inline", "slurm"), help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inside:  # one side, in a child process; the slurm side runs inside the cluster's namespace
        print(json.dumps(measure(args.inside, args.runs, Path(args.tmp), args.competition)))
        return 0
    from tests.slurm.cluster import LocalSlurm, missing_prerequisite

    why = missing_prerequisite()
    if why:
        print(f"cannot benchmark: {why}")
        return 2
    results = {}
    with tempfile.TemporaryDirectory(prefix="mlebench-executor-bench-") as tmp:
        cluster = LocalSlurm(Path(tmp) / "cluster").start()
        try:
            for name in ("inline", "slurm"):
                argv_ = [sys.executable, __file__, "--inside", name, "--runs", str(args.runs), "--tmp", tmp,
                         "--competition", args.competition]
                env = {**cluster.env, "PYTHONPATH": str(REPO)}
                proc = (cluster.run(argv_, env=env, check=False, timeout=1200) if name == "slurm"
                        else subprocess.run(argv_, env=env, capture_output=True, text=True, timeout=1200))
                if proc.returncode != 0:
                    print(proc.stdout[-2000:], proc.stderr[-3000:])
                    return 1
                results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
        finally:
            left = cluster.stop()
    print(f"scheduling overhead per run, {args.runs} runs of a no-op agent ({args.competition}), seconds")
    print(f"{'phase':22s} {'executor':9s} {'median':>8s} {'p95':>8s} {'max':>8s}")
    for phase in ("submit -> start", "end -> graded", "batch wall per run"):
        for name in ("inline", "slurm"):
            values = results[name][phase]
            p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
            print(f"{phase:22s} {name:9s} {statistics.median(values):8.3f} {p95:8.3f} {max(values):8.3f}")
    print("batch: all runs as one array on two fake GPUs (two at a time) vs inline one after another")
    if left:
        print(f"left behind: {left}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
