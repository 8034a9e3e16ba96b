"""md5 parity of files against MLE-bench's pins: match, differs, missing, or no pin."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pytest_mlebench.registry import Competition

MATCH, DIFFERS, MISSING, NO_PIN, NOT_CHECKED = "match", "differs", "missing", "no pin", "not checked"


def md5_file(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepared_parity(competition: Competition, prepared: Path) -> dict[str, dict[str, str]]:
    """For each top-level prepared file, 'public/x.csv' -> {status, md5, expected}.

    `public/description.md` is ours by design, so it is reported as "no pin" even where MLE-bench pins it.
    """
    out: dict[str, dict[str, str]] = {}
    for side, pins in (("public", competition.checksums.public), ("private", competition.checksums.private)):
        folder = prepared / side
        names = sorted({p.name for p in folder.iterdir() if p.is_file()} | set(pins)) if folder.is_dir() else sorted(pins)
        for name in names:
            path = folder / name
            expected = pins.get(name)
            if name == "description.md" and side == "public":
                expected = None
            if not path.is_file():
                out[f"{side}/{name}"] = {"status": MISSING, "expected": expected or ""}
                continue
            actual = md5_file(path)
            if expected is None:
                status = NO_PIN
            else:
                status = MATCH if actual == expected else DIFFERS
            out[f"{side}/{name}"] = {"status": status, "md5": actual, "expected": expected or ""}
    return out
