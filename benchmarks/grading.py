"""Grading time and peak memory of real graders on large synthetic submissions, next to what pandas needs just
to read the same two CSVs.

Run: `python benchmarks/grading.py [--rows 1000000] [--repeat 3] [--case NAME ...]`. The cases (issue 17):

- int id: tabular-playground-series-dec-2021, accuracy, rows matched by an integer Id;
- string key, sorted: new-york-city-taxi-fare-prediction, RMSE, both files sorted by a timestamp-like key and
  paired by position;
- 32-character id: aerial-cactus-identification, ROC AUC, rows matched by a 32-character hex id;
- 120 columns: dog-breed-identification, log loss over 120 probability columns (--rows / 10 rows by default: a
  1,000,000-row file of 120 floats is about 1.3 GB, beyond the shared machine's free memory);
- RLE masks: tgs-salt-identification-challenge, IoU thresholds over 101x101 run-length masks (18,000 rows by
  default, Kaggle's own test set size: every mask is decoded to pixels, so rows cost 10 kB each in memory).

Answers and submissions are synthetic, written once to a temporary data folder in MLE-bench's layout; the
submission's rows are shuffled. Each measurement runs in a fresh process, so peak memory is that one step's:
`resident` is the process's peak resident set during the step over its resident set before it (Linux: the peak
is reset through /proc/self/clear_refs; elsewhere resource.getrusage's lifetime peak, which may hide a small step
behind the imports), `traced` the peak of allocations Python and numpy report (tracemalloc, in a second run, as
tracing slows the step down). `grade` is `grade_submission` end to end: read answers, read the submission,
check, score, rank; `grade.py alone` is the competition's grader on frames already read and aligned (its
metric, mostly scikit-learn's, and its own checks), so the line below it shows what the rest costs. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

LEADERBOARD = [0.99, 0.9, 0.8, 0.7, 0.6]  # any board will do: ranking costs nothing next to grading


@dataclasses.dataclass(frozen=True)
class Case:
    competition_id: str
    frames: Callable[[int, np.random.Generator], tuple[pd.DataFrame, pd.DataFrame]]  # (answers, submission)
    rows: Callable[[int], int] = lambda rows: rows  # the case's row count from --rows


def _hex_ids(rows: int, rng: np.random.Generator) -> np.ndarray:
    raw = rng.integers(0, 2**63, size=(rows, 2), dtype=np.int64)
    return np.array([f"{a:016x}{b:016x}" for a, b in raw], dtype=object)


def _int_id(rows: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = np.arange(4_000_000, 4_000_000 + rows)
    truth = rng.integers(1, 8, rows)
    guess = np.where(rng.random(rows) < 0.9, truth, rng.integers(1, 8, rows))
    return pd.DataFrame({"Id": ids, "Cover_Type": truth}), pd.DataFrame({"Id": ids, "Cover_Type": guess})


def _sorted_key(rows: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    seconds = np.datetime64("2009-01-01T00:00:00") + rng.integers(0, 6 * 365 * 86400, rows).astype("timedelta64[s]")
    keys = np.array([f"{str(t).replace('T', ' ')}.{n:07d}" for n, t in enumerate(seconds)], dtype=object)
    truth = rng.gamma(2.0, 6.0, rows).round(2)
    guess = (truth + rng.normal(0, 4, rows)).round(4)
    return pd.DataFrame({"key": keys, "fare_amount": truth}), pd.DataFrame({"key": keys, "fare_amount": guess})


def _hex_id(rows: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = _hex_ids(rows, rng)
    truth = rng.integers(0, 2, rows)
    guess = rng.random(rows).round(6)
    return pd.DataFrame({"id": ids, "has_cactus": truth}), pd.DataFrame({"id": ids, "has_cactus": guess})


def _breeds(rows: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    from pytest_mlebench.registry import Registry

    breeds = (Registry().get("dog-breed-identification").folder / "breeds.txt").read_text().split()
    ids = _hex_ids(rows, rng)
    truth = np.zeros((rows, 120), dtype=np.int64)
    truth[np.arange(rows), rng.integers(0, 120, rows)] = 1
    guess = rng.random((rows, 120)) + 0.5  # no tiny share: rounding never pushes the last one below 0
    guess = (guess / guess.sum(axis=1, keepdims=True)).round(6)
    guess[:, -1] = (1 - guess[:, :-1].sum(axis=1)).round(6)
    return (pd.DataFrame(truth, columns=breeds).assign(id=ids)[["id", *breeds]],
            pd.DataFrame(guess, columns=breeds).assign(id=ids)[["id", *breeds]])


def _rle(rows: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = np.array([text[:10] for text in _hex_ids(rows, rng)], dtype=object)

    def masks(shift: int) -> list:
        out = []
        for n in range(rows):
            if n % 3 == 0:
                out.append(np.nan)  # an empty mask, as in the answers
                continue
            start = 1 + (n * 37 + shift) % 5000
            out.append(" ".join(f"{start + 101 * k} {20 + (n + k) % 30}" for k in range(8)))
        return out

    return pd.DataFrame({"id": ids, "rle_mask": masks(0)}), pd.DataFrame({"id": ids, "rle_mask": masks(3)})


CASES = {
    "int id (accuracy)": Case("tabular-playground-series-dec-2021", _int_id),
    "string key, sorted (rmse)": Case("new-york-city-taxi-fare-prediction", _sorted_key),
    "32-char id (auc)": Case("aerial-cactus-identification", _hex_id),
    "120 columns (log loss)": Case("dog-breed-identification", _breeds, lambda rows: max(rows // 10, 1)),
    "rle masks (iou)": Case("tgs-salt-identification-challenge", _rle, lambda rows: min(rows, 18_000)),
}


def write_case(data_dir: Path, name: str, rows: int) -> Path:
    """Answers in <data_dir>/<id>/prepared/private/, a shuffled submission beside them; returns its path."""
    from pytest_mlebench.registry import Registry

    case = CASES[name]
    competition = Registry().get(case.competition_id)
    rng = np.random.default_rng(0)
    answers, submission = case.frames(case.rows(rows), rng)
    answers_path = data_dir / competition.id / "prepared" / competition.answers
    answers_path.parent.mkdir(parents=True, exist_ok=True)
    answers.to_csv(answers_path, index=False)
    path = data_dir / f"{competition.id}-submission.csv"
    order = rng.permutation(len(submission))  # rows in another order than the answers, as agents write them
    submission.iloc[order].to_csv(path, index=False)
    return path


def run_step(step: str, name: str, data_dir: Path, submission: Path) -> dict[str, float]:
    """One measured step in this process: 'read' (both CSVs through pandas), 'grade', or 'grader' (the
    competition's grade.py alone, on frames already read and aligned: its metric and its own checks)."""
    from pytest_mlebench.frames import read_csv
    from pytest_mlebench.registry import Registry
    from pytest_mlebench.scoring.grade import grade_submission

    competition = Registry().get(CASES[name].competition_id)
    answers_path = data_dir / competition.id / "prepared" / competition.answers

    aligned = _aligned_frames(competition, answers_path, submission) if step == "grader" else None

    def work() -> None:
        if step == "read":
            read_csv(answers_path)
            read_csv(submission)
        elif aligned is not None:
            competition.grade_fn(*aligned)
        else:
            report = grade_submission(competition, submission, data_dir, LEADERBOARD)
            assert report.valid_submission, report.invalid_reason  # a broken setup must not look fast

    _ = competition.grade_fn  # imports excluded: the grader's module (and scikit-learn with the metrics) load here
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


def _aligned_frames(competition, answers_path: Path, submission: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(submission, answers) as the grader receives them: read, checked and aligned by the submission schema."""
    from pytest_mlebench.frames import read_answers, read_csv
    from pytest_mlebench.submission_checks import check_submission

    frames = read_csv(submission), read_answers(answers_path)
    return check_submission(*frames, competition.submission) if competition.submission else frames


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


def frames_mib(data_dir: Path, name: str, submission: Path) -> float:
    """The two files' size in memory as pandas holds them (the issue's memory target is twice this)."""
    from pytest_mlebench.frames import read_csv
    from pytest_mlebench.registry import Registry

    competition = Registry().get(CASES[name].competition_id)
    frames = (read_csv(data_dir / competition.id / "prepared" / competition.answers), read_csv(submission))
    return sum(float(f.memory_usage(deep=True).sum()) for f in frames) / 2**20


def measure(step: str, name: str, data_dir: Path, submission: Path, repeat: int) -> dict[str, float]:
    """Median time and largest memory over `repeat` fresh processes."""
    results = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--step", step, "--case", name, "--data-dir", str(data_dir),
             "--submission", str(submission)],
            capture_output=True, text=True,
        )
        if out.returncode:
            raise SystemExit(f"{step} of {name} failed:\n{out.stderr[-2000:]}")
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
    parser.add_argument("--only", action="append", choices=list(CASES), metavar="CASE",
                        help=f"only this case (repeatable): {'; '.join(CASES)}")
    parser.add_argument("--step", choices=["read", "grade", "grader"], help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=list(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--submission", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # a child process measuring one step
        print(json.dumps(run_step(args.step, args.case, args.data_dir, args.submission)))
        return
    with tempfile.TemporaryDirectory(prefix="mlebench-grading-bench-") as tmp:
        data_dir = Path(tmp)
        print(f"{args.rows:,} rows a submission (unless the case says); median of {args.repeat} fresh processes; "
              "memory is the peak rise")
        header = f"{'case':26} {'step':28} {'seconds':>8} {'x read':>7} {'resident MiB':>13} {'traced MiB':>11}"
        print(header)
        print("-" * len(header))
        for name in args.only or CASES:
            started = time.perf_counter()
            submission = write_case(data_dir, name, args.rows)
            size = submission.stat().st_size / 2**20
            rows = CASES[name].rows(args.rows)
            read = measure("read", name, data_dir, submission, args.repeat)
            grade = measure("grade", name, data_dir, submission, args.repeat)
            grader = measure("grader", name, data_dir, submission, args.repeat)
            steps = (("pandas reads both CSVs", read), ("grade_submission", grade),
                     ("  of which grade.py alone", grader))
            for step, figures in steps:
                ratio = figures["seconds"] / read["seconds"]
                print(f"{name:26} {step:28} {figures['seconds']:8.2f} {ratio:7.2f} "
                      f"{figures['resident_mib']:13.0f} {figures['traced_mib']:11.0f}")
            frames = frames_mib(data_dir, name, submission)
            ours = grade["seconds"] - grader["seconds"]
            print(f"{'':26} (the rest, reading, checking, matching and ranking: {ours:.2f} s, "
                  f"{ours / read['seconds']:.2f} x read)")
            print(f"{'':26} ({rows:,} rows, submission {size:.0f} MiB; both frames {frames:.0f} MiB in memory; "
                  f"targets: x read <= 1.5, resident <= {2 * frames:.0f} MiB; data written and measured in "
                  f"{time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
