"""Collection time: every competition x 16 seeds through the plugin, next to a bare parametrised file of the same
number of items.

Run: `python benchmarks/collection.py [--seeds 16] [--repeat 3]`. Each measurement is a fresh
`python -m pytest --co -q` process in an empty folder (so no conftest of this repo is read); `process` is its
wall time, `collect` what pytest reports for collecting. Also says whether pandas or scikit-learn were imported
by the plugin's collection (they must not be: only configs are read before an item runs).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BARE = '''import pytest

@pytest.mark.parametrize("seed", range({seeds}))
@pytest.mark.parametrize("competition", [f"c{{i}}" for i in range({competitions})])
def test_item(competition, seed):
    pass
'''
PROBE = '''
def pytest_collection_finish(session):
    import sys
    heavy = [m for m in ("pandas", "sklearn", "scipy") if m in sys.modules]
    print("HEAVY:" + ",".join(heavy))
'''


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """(process seconds, collection seconds pytest reports, items, output) of one fresh process."""
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    out = result.stdout + result.stderr
    collected = re.search(r"(\d+) tests? collected in ([\d.]+)s", out)
    if collected is None:
        raise SystemExit(f"no collection summary from {' '.join(argv)}:\n{out[-2000:]}")
    return elapsed, float(collected.group(2)), int(collected.group(1)), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from pytest_mlebench.registry import Registry

    competitions = len(Registry(REPO / "competitions").ids())
    env = {**os.environ, "MLEBENCH_COMPETITIONS_DIR": str(REPO / "competitions"), "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "bare").mkdir()
        (work / "bare" / "test_bare.py").write_text(BARE.format(seeds=args.seeds, competitions=competitions))
        (work / "plugin").mkdir()
        (work / "plugin" / "conftest.py").write_text(PROBE)
        runs = {
            "bare parametrised file": ([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:mlebench",
                                        "-p", "no:cacheprovider", "test_bare.py"], work / "bare"),
            "pytest --agent=dummy --co": ([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider",
                                          "--agent=dummy", f"--seeds={args.seeds}", "-s"], work / "plugin"),
        }
        figures = {}
        for name, (argv, cwd) in runs.items():
            samples = [timed(argv, cwd, env) for _ in range(args.repeat)]
            heavy = re.search(r"HEAVY:(\S*)", samples[-1][3])
            figures[name] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
                             samples[-1][2], heavy.group(1) if heavy else "")
    base_process, base_collect = figures["bare parametrised file"][:2]
    print(f"{competitions} competitions x {args.seeds} seeds; median of {args.repeat} fresh processes")
    print(f"{'run':28}  {'items':>6}  {'process s':>9}  {'collect s':>9}  {'x bare':>7}  heavy imports")
    for name, (process, collect, items, heavy) in figures.items():
        ratio = collect / base_collect if base_collect else float("nan")
        print(f"{name:28}  {items:6d}  {process:9.2f}  {collect:9.2f}  {ratio:7.2f}  {heavy or 'none'}")
    print(f"(process time of the bare file: {base_process:.2f} s)")


if __name__ == "__main__":
    main()
