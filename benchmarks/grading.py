"""Grading time and peak memory for a 1,000,000-row submission, next to what pandas needs just to read the CSVs.

Run: `python benchmarks/grading.py [--rows 1000000] [--repeat 3]`. Two real graders: a classification metric
(aerial-cactus-identification, ROC AUC matched by id) and a regression metric (practice-diabetes, RMSE matched
by id). Their answers and submissions are synthetic, written once to a temporary data folder in MLE-bench's
layout. Each measurement runs in a fresh process, so peak memory is that one step's: `resident` is the process's
peak resident set during the step over its resident set before it (Linux: the peak is reset through
/proc/self/clear_refs; elsewhere resource.getrusage's lifetime peak, which may hide a small step behind the
imports), `traced` the peak of allocations Python and numpy report (tracemalloc, in a second run, as tracing
slows the step down).
`grade` is `grade_submission` end to end: read answers, read the submission, check, score, rank.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

CASES = {
    # name: (competition id, id column, target column, kind of target)
    "classification (auc)": ("aerial-cactus-identification", "id", "has_cactus", "binary"),
    "regression (rmse)": ("practice-diabetes", "id", "target", "real"),
}
LEADERBOARD = [0.99, 0.9, 0.8, 0.7, 0.6]  # any board will do: ranking costs nothing next to grading


def write_case(data_dir: Path, name: str, rows: int) -> Path:
    """Answers in <data_dir>/<id>/prepared/private/, a submission beside them; returns the submission path."""
    from pytest_mlebench.registry import Registry

    competition_id, id_column, target, kind = CASES[name]
    competition = Registry().get(competition_id)
    rng = np.random.default_rng(0)
    ids = [f"{i:07d}.jpg" for i in range(rows)] if kind == "binary" else np.arange(rows)
    truth = rng.integers(0, 2, rows) if kind == "binary" else rng.normal(150, 60, rows).round(1)
    guess = rng.random(rows) if kind == "binary" else truth + rng.normal(0, 50, rows)
    answers_path = data_dir / competition_id / "prepared" / competition.answers
    answers_path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({id_column: ids, target: truth}).to_csv(answers_path, index=False)
    order = rng.permutation(rows)  # rows in another order than the answers, as agents write them
    submission = data_dir / f"{competition_id}-submission.csv"
    pd.DataFrame({id_column: np.asarray(ids)[order], target: guess[order]}).to_csv(submission, index=False)
    return submission


def run_step(step: str, name: str, data_dir: Path, submission: Path) -> dict[str, float]:
    """One measured step in this process: 'read' (both CSVs through pandas) or 'grade'."""
    from pytest_mlebench.frames import read_csv
    from pytest_mlebench.registry import Registry
    from pytest_mlebench.scoring.grade import grade_submission

    competition = Registry().get(CASES[name][0])
    answers_path = data_dir / competition.id / "prepared" / competition.answers

    def work() -> None:
        if step == "read":
            read_csv(answers_path)
            read_csv(submission)
        else:
            report = grade_submission(competition, submission, data_dir, LEADERBOARD)
            assert report.valid_submission, report.invalid_reason  # a broken setup must not look fast

    before = _reset_peak_and_read_resident()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    resident = _peak_resident() - before
    tracemalloc.start()
    work()
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"seconds": seconds, "resident_mib": resident, "traced_mib": traced}


def _status_mib(field: str) -> float | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def _reset_peak_and_read_resident() -> float:
    """Resident MiB now, after resetting the kernel's peak mark where it can be reset (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return _status_mib("VmRSS") or 0.0


def _peak_resident() -> float:
    return _status_mib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(step: str, name: str, data_dir: Path, submission: Path, repeat: int) -> dict[str, float]:
    """Median time and largest memory over `repeat` fresh processes."""
    results = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--step", step, "--case", name, "--data-dir", str(data_dir),
             "--submission", str(submission)],
            capture_output=True, text=True, check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "resident_mib": max(r["resident_mib"] for r in results),
        "traced_mib": max(r["traced_mib"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per figure (median time)")
    parser.add_argument("--step", choices=["read", "grade"], help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=list(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--submission", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # a child process measuring one step
        print(json.dumps(run_step(args.step, args.case, args.data_dir, args.submission)))
        return
    with tempfile.TemporaryDirectory(prefix="mlebench-grading-bench-") as tmp:
        data_dir = Path(tmp)
        print(f"{args.rows:,} rows a submission; median of {args.repeat} fresh processes; memory is the peak rise")
        header = f"{'case':22} {'step':28} {'seconds':>8} {'x read':>7} {'resident MiB':>13} {'traced MiB':>11}"
        print(header)
        print("-" * len(header))
        for name in CASES:
            started = time.perf_counter()
            submission = write_case(data_dir, name, args.rows)
            size = submission.stat().st_size / 2**20
            read = measure("read", name, data_dir, submission, args.repeat)
            grade = measure("grade", name, data_dir, submission, args.repeat)
            for step, figures in (("pandas reads both CSVs", read), ("grade_submission", grade)):
                ratio = figures["seconds"] / read["seconds"]
                print(f"{name:22} {step:28} {figures['seconds']:8.2f} {ratio:7.2f} "
                      f"{figures['resident_mib']:13.0f} {figures['traced_mib']:11.0f}")
            print(f"{'':22} (submission {size:.0f} MiB; data written and measured in "
                  f"{time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
