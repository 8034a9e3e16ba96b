"""The dummy agent: copies the competition's sample submission as its submission. Valid, never a medal.

Standalone (standard library only) so it runs in any sandbox or image: `python dummy.py`.
"""

import os
import shutil
import sys
from pathlib import Path

DATA = Path(os.environ.get("MLEBENCH_DATA", "/home/data"))
SUBMISSION = Path(os.environ.get("MLEBENCH_SUBMISSION", "/home/submission")) / "submission.csv"


def find_sample_submission(data: Path) -> Path | None:
    """`sample_submission.csv`, else the shortest-named CSV whose name says sample and submission."""
    exact = data / "sample_submission.csv"
    if exact.is_file():
        return exact
    for pattern in ("*", "**/*"):
        found = [
            p for p in data.glob(pattern)
            if p.is_file() and p.suffix.lower() == ".csv"
            and "sample" in p.name.lower() and "submission" in p.name.lower()
        ]
        if found:
            return min(found, key=lambda p: (len(p.name), str(p)))
    return None


def main() -> int:
    sample = find_sample_submission(DATA)
    if sample is None:
        print(f"dummy: no sample submission CSV under {DATA}; nothing to copy.", flush=True)
        return 1
    SUBMISSION.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample, SUBMISSION)
    print(f"dummy: copied {sample} to {SUBMISSION}.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
