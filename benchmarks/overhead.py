"""Per-item harness overhead of the local runtime: everything an item costs except the agent's own work.

Run: `python benchmarks/overhead.py [--repeat 20] [--competition practice-breast-cancer]`. Each item finds the
prepared data, starts the checker and the sandbox for an agent that only copies the sample submission, and
grades the result, through the same functions the plugin calls. Prints the median, 95th percentile and worst
time of each phase; exits 1 when the median item is over the 0.5 s goal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.item import ItemContext, grade_run, launch_run
from pytest_mlebench.registry import Registry
from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime.local import LocalRuntime

GOAL_S = 0.5
# The agent's own work is one file copy, so what is measured is the harness around it.
COPY_SAMPLE = ("/bin/sh", "-c", 'cp "$MLEBENCH_DATA/sample_submission.csv" "$MLEBENCH_SUBMISSION/submission.csv"')


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def measure(competition_id: str, repeat: int, allow_unsandboxed: bool) -> tuple[dict[str, list[float]], str]:
    competition = Registry().get(competition_id)
    runtime = LocalRuntime(allow_unsandboxed=allow_unsandboxed)
    runtime.check_available()
    mode = "bubblewrap" if runtime.sandboxed else "unsandboxed"
    times: dict[str, list[float]] = {"prepare (found)": [], "checker + sandbox": [], "grading": [], "item total": []}
    with tempfile.TemporaryDirectory(prefix="mlebench-overhead-") as tmp:
        data_dir, runs_dir = Path(tmp) / "data", Path(tmp) / "runs"
        prepare_competition(competition, data_dir, download=None)  # the first preparation is not overhead
        agent = AgentSpec(name="copy-sample", command=COPY_SAMPLE)
        ctx = ItemContext(data_dir=data_dir, runs_dir=runs_dir, run_group="overhead", agent=agent, runtime=runtime,
                          time_limit=60.0)
        for seed in range(repeat):
            found, _ = timed(lambda: prepare_competition(competition, data_dir, download=None))
            launched, run = timed(lambda: launch_run(ctx, competition, seed, ()))  # noqa: B023 - called at once
            graded, record = timed(lambda: grade_run(ctx, competition, seed, run, ()))  # noqa: B023
            if run.exit_code != 0 or not record["valid_submission"]:
                raise SystemExit(f"the copy-sample agent did not produce a valid submission: {run} {record}")
            for name, value in zip(times, (found, launched, graded, found + launched + graded), strict=True):
                times[name].append(value)
    return times, mode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--competition", default="practice-breast-cancer",
                        help="a competition that prepares offline (practice split)")
    parser.add_argument("--allow-unsandboxed", action="store_true", help="measure without bubblewrap if it is missing")
    args = parser.parse_args(argv)
    times, mode = measure(args.competition, args.repeat, args.allow_unsandboxed)
    print(f"local runtime ({mode}) overhead per item, {args.repeat} items of {args.competition}")
    print(f"{'phase':20s} {'median s':>9s} {'p95 s':>9s} {'max s':>9s}")
    for name, values in times.items():
        p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
        print(f"{name:20s} {statistics.median(values):9.3f} {p95:9.3f} {max(values):9.3f}")
    median = statistics.median(times["item total"])
    verdict = "within" if median < GOAL_S else "OVER"
    print(f"median item overhead {median:.3f} s: {verdict} the {GOAL_S} s goal")
    return 0 if median < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
