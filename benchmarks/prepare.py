"""Preparation at copy speed: a synthetic image competition of N small files in a zip, prepared by
`prepare_competition` with hard links and with copies, next to `unzip` + `cp -r` and `unzip` + `cp -al` of the
same files. Reports seconds and the extra disk each leaves beyond the raw files, and checks that the hard-linked
and the copied preparations have identical md5s.

Run: `python benchmarks/prepare.py [--files 20000] [--repeat 1]`. Needs `unzip` and `cp` on PATH.
Prints figures; asserts nothing but the md5 equality (a benchmark of a wrong result is worthless).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
CID = "bench-images"
CONFIG = f"""id: {CID}
name: Benchmark images
split: practice
category: image-classification
awards_medals: false
competition_type: simple
year: 2026
metric:
  name: accuracy
  higher_is_better: true
answers: private/test.csv
sample_submission: public/sample_submission.csv
leaderboard:
  source: local
  path: leaderboard.csv
  sha256: {{sha256}}
  size: {{size}}
checksums:
  public: {{}}
  private: {{}}
"""
PREPARER = '''"""10% of the labelled images become the test set; images are placed unchanged."""

import csv
from pathlib import Path

from pytest_mlebench.data.files import link_or_copy_many


def prepare(raw: Path, public: Path, private: Path) -> None:
    with open(raw / "train.csv") as handle:
        rows = list(csv.DictReader(handle))
    test, train = rows[: len(rows) // 10], rows[len(rows) // 10:]
    pairs = [(raw / "train" / r["id"], public / "train" / r["id"]) for r in train]
    pairs += [(raw / "train" / r["id"], public / "test" / r["id"]) for r in test]
    link_or_copy_many(pairs)
    (public / "train.csv").write_text("id,label\\n" + "".join(f"{r['id']},{r['label']}\\n" for r in train))
    (public / "sample_submission.csv").write_text("id,label\\n" + "".join(f"{r['id']},0\\n" for r in test))
    (private / "test.csv").write_text("id,label\\n" + "".join(f"{r['id']},{r['label']}\\n" for r in test))
'''


def write_competition(root: Path) -> None:
    folder = root / CID
    folder.mkdir(parents=True)
    board = b"teamName,score\n"
    (folder / "config.yaml").write_text(CONFIG.replace("{sha256}", hashlib.sha256(board).hexdigest())
                                        .replace("{size}", str(len(board))))
    (folder / "prepare.py").write_text(PREPARER)
    (folder / "grade.py").write_text("def grade(submission, answers):\n    return 0.0\n")
    (folder / "description.md").write_text("# Benchmark images\n")
    (folder / "leaderboard.csv").write_bytes(board)


def write_zip(path: Path, files: int) -> int:
    """Kaggle-style `<id>.zip` holding train.csv and train/<n>.jpg; returns the raw bytes unpacked."""
    body = bytes(range(256)) * 4  # ~1 KiB per image, incompressible enough
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("train.csv", "id,label\n" + "".join(f"{n:06d}.jpg,{n % 2}\n" for n in range(files)))
        for n in range(files):
            archive.writestr(f"train/{n:06d}.jpg", body + n.to_bytes(4, "little"))
    with zipfile.ZipFile(path) as archive:
        return sum(m.file_size for m in archive.infolist())


def disk_used(*folders: Path) -> int:
    """Bytes of blocks under the folders together, each inode once (what `du -c` totals)."""
    out = subprocess.run(["du", "-s", "-c", "-B1", *map(str, folders)], capture_output=True, text=True,
                         check=True).stdout
    return int(out.splitlines()[-1].split()[0])


def md5_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def ours(work: Path, archive: Path, link: bool) -> tuple[float, Path, Path]:
    from pytest_mlebench.data.prepare import prepare_competition
    from pytest_mlebench.registry import Registry

    data = work / "data"
    (data / CID).mkdir(parents=True)
    shutil.copyfile(archive, data / CID / f"{CID}.zip")
    competition = Registry(work / "competitions").get(CID)
    refuse = mock.patch("pytest_mlebench.data.files.os.link", side_effect=OSError(18, "no links here"))
    start = time.perf_counter()
    with contextlib.nullcontext() if link else refuse:
        prepare_competition(competition, data, download=None)
    return time.perf_counter() - start, data / CID / "raw", data / CID / "prepared"


def baseline(work: Path, archive: Path, copy: list[str]) -> tuple[float, Path, Path]:
    start = time.perf_counter()
    subprocess.run(["unzip", "-q", str(archive), "-d", str(work / "raw")], check=True)
    subprocess.run([*copy, str(work / "raw"), str(work / "copy")], check=True)
    return time.perf_counter() - start, work / "raw", work / "copy"


def measure(step: Callable[[Path], tuple[float, Path, Path]], repeat: int) -> tuple[float, float, float, Path]:
    """Median (seconds, extra bytes on disk, extra as a share of the raw files' disk) and the last output."""
    times, extras, shares, last = [], [], [], None
    for _ in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-prepare-"))
        write_competition(work / "competitions")
        seconds, raw, out = step(work)
        raw_disk = disk_used(raw)
        extra = disk_used(raw, out) - raw_disk
        times.append(seconds)
        extras.append(extra)
        shares.append(extra / raw_disk)
        last = out
        shutil.rmtree(work / "competitions")
    return statistics.median(times), statistics.median(extras), statistics.median(shares), last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import pytest_mlebench.data.prepare  # noqa: F401 - imports excluded from the timings
    import pytest_mlebench.scoring.leaderboard  # noqa: F401

    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / f"{CID}.zip"
        raw_bytes = write_zip(archive, args.files)
        runs = {
            "unzip + cp -al (hard links)": lambda w: baseline(w, archive, ["cp", "-al"]),
            "unzip + cp -r": lambda w: baseline(w, archive, ["cp", "-r"]),
            "mlebench prepare (hard links)": lambda w: ours(w, archive, link=True),
            "mlebench prepare (copies)": lambda w: ours(w, archive, link=False),
        }
        results = {name: measure(step, args.repeat) for name, step in runs.items()}
        linked = md5_tree(results["mlebench prepare (hard links)"][3])
        copied = md5_tree(results["mlebench prepare (copies)"][3])
        if linked != copied:
            raise SystemExit("hard-linked and copied preparations differ: a bug, not a benchmark")
    base = results["unzip + cp -al (hard links)"][0]
    print(f"{args.files} files, {raw_bytes / 2**20:.1f} MiB raw; median of {args.repeat}; "
          "extra disk = the output's blocks beyond the unpacked raw files' (du, each inode once)")
    print(f"{'run':32}  {'seconds':>8}  {'x links':>8}  {'extra MiB':>9}  {'extra % raw':>11}")
    for name, (seconds, extra, share, _) in results.items():
        print(f"{name:32}  {seconds:8.2f}  {seconds / base:8.2f}  {extra / 2**20:9.1f}  {100 * share:10.1f}%")
    print("hard-linked and copied preparations: identical md5s")


if __name__ == "__main__":
    main()
