"""raw -> prepared/{public,private}: find or download the raw archive, check its md5, run the competition's
preparer in a temporary folder and rename it into place, under a file lock shared by all processes.

A crash leaves no folder that looks prepared; two processes preparing the same competition do it once.
Preparation never audits: whoever prepares (the item, `mlebench prepare`) runs the leakage audit after it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import traceback
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from pytest_mlebench.data.checksums import DIFFERS, MATCH, NOT_CHECKED, md5_file, prepared_parity
from pytest_mlebench.data.files import folder_size, require_free_space
from pytest_mlebench.data.formats.archives import extract
from pytest_mlebench.errors import (
    ChecksumError,
    LeaderboardMissingError,
    MlebenchError,
    PreparationError,
    PrerequisiteError,
)
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import read_json, write_json_atomic

Downloader = Callable[[str, Path], Path]
StepListener = Callable[[str], None]
"""Told each step as it starts: 'downloading', 'unpacking', 'preparing', 'checking' (progress bars listen)."""


def _no_listener(step: str) -> None:
    pass


@dataclasses.dataclass(frozen=True)
class PrepareOutcome:
    """What `prepare_competition` did and how the result compares with MLE-bench's pins."""

    competition_id: str
    prepared: Path
    raw_checksum: str  # match | not checked (raw files placed by hand, or a built-in dataset)
    files: dict[str, dict[str, str]]  # 'public/x.csv' -> {status, md5, expected}
    already_prepared: bool = False
    leakage: dict | None = None  # the leakage audit's report, set by the caller that audits (integrity.leakage)
    leaderboard: str | None = None  # where the verified leaderboard is kept, or why it is missing

    @property
    def all_match(self) -> bool:
        return all(f["status"] == MATCH for f in self.files.values() if f.get("expected"))


def default_downloader(competition_id: str, dest_dir: Path) -> Path:
    from pytest_mlebench.data.download import download_competition_zip

    return download_competition_zip(competition_id, dest_dir)


def prepare_competition(
    competition: Competition,
    data_dir: Path,
    *,
    download: Downloader | None = default_downloader,
    force: bool = False,
    on_step: StepListener = _no_listener,
) -> PrepareOutcome:
    """Make `<data_dir>/<id>/prepared/` once, safely; return its parity against the pins.

    Args:
        competition: the competition to prepare.
        data_dir: MLE-bench's data folder layout root.
        download: fetches `<id>.zip` into a folder; None forbids network access.
        force: prepare again even if prepared data exists.
        on_step: told each step as it starts.
    """
    layout = DataLayout(Path(data_dir), competition.id)
    layout.root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(layout.lock)):
        if layout.is_prepared() and not force:
            outcome = _recorded_outcome(competition, layout)
        else:
            raw_checksum = ensure_raw(competition, layout, download, on_step)
            on_step("preparing")
            _prepare_atomically(competition, layout)
            on_step("checking")
            files = prepared_parity(competition, layout.prepared)
            record = {"competition_id": competition.id, "raw_checksum": raw_checksum, "files": files}
            write_json_atomic(layout.parity_record, record)
            outcome = PrepareOutcome(competition.id, layout.prepared, raw_checksum, files)
        return dataclasses.replace(outcome, leaderboard=keep_leaderboard(competition, layout, download is not None))


def keep_leaderboard(competition: Competition, layout: DataLayout, download: bool) -> str:
    """Keep the verified leaderboard beside the data (nodes without network grade from it); say where it is,
    or why it is missing (grading then leaves medals unknown rather than failing)."""
    from pytest_mlebench.scoring.leaderboard import keep_beside_data

    try:
        return f"{keep_beside_data(competition, layout.data_dir, download=download)} (sha256 verified)"
    except LeaderboardMissingError as exc:
        return f"missing: {exc}"


def ensure_raw(competition: Competition, layout: DataLayout, download: Downloader | None,
               on_step: StepListener = _no_listener) -> str:
    """Have the raw files in `raw/`; return the raw archive's checksum status."""
    if competition.raw_source == "builtin":
        layout.raw.mkdir(parents=True, exist_ok=True)
        return NOT_CHECKED
    if layout.raw.is_dir() and any(layout.raw.iterdir()):
        return MATCH if _zip_matches(competition, layout) else NOT_CHECKED
    if not layout.zip.is_file():
        if download is None:
            raise PrerequisiteError(
                f"No raw data for {competition.id} in {layout.raw} and downloading is off; "
                f"put Kaggle's files there or allow the download."
            )
        on_step("downloading")
        download(competition.id, layout.root)
    on_step("unpacking")
    status = NOT_CHECKED
    if competition.checksums.zip:
        actual = md5_file(layout.zip)
        if actual != competition.checksums.zip:
            raise ChecksumError(
                f"{layout.zip}: md5 is {actual}, MLE-bench's pin is {competition.checksums.zip}; "
                "the download is corrupt or Kaggle changed the data (delete it to download again)."
            )
        status = MATCH
    tmp = layout.root / f".raw.tmp-{uuid.uuid4().hex}"
    try:
        with zipfile.ZipFile(layout.zip) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            require_free_space(layout.root, unpacked, f"Unpacking {layout.zip.name}")
        extract(layout.zip, tmp)
        shutil.rmtree(layout.raw, ignore_errors=True)
        os.rename(tmp, layout.raw)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return status


def _zip_matches(competition: Competition, layout: DataLayout) -> bool:
    return bool(competition.checksums.zip) and layout.zip.is_file() and md5_file(layout.zip) == competition.checksums.zip


def _prepare_atomically(competition: Competition, layout: DataLayout) -> None:
    raw = folder_size(layout.raw)
    # Preparation writes at most about the raw bytes again (files it places unchanged are hard links).
    require_free_space(layout.root, raw.bytes if raw else 0, f"Preparing {competition.id}")
    tmp = layout.root / f".prepared.tmp-{uuid.uuid4().hex}"
    public, private = tmp / "public", tmp / "private"
    try:
        public.mkdir(parents=True)
        private.mkdir()
        run_preparer(competition, layout.raw, public, private)
        shutil.copyfile(competition.description_path, public / "description.md")
        if layout.prepared.exists():
            old = layout.root / f".prepared.old-{uuid.uuid4().hex}"
            os.rename(layout.prepared, old)
            shutil.rmtree(old, ignore_errors=True)
        os.rename(tmp, layout.prepared)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_preparer(competition: Competition, raw: Path, public: Path, private: Path) -> None:
    """The competition's `prepare(raw, public, private)`; its bug becomes a `PreparationError` naming the step.

    A missing prerequisite, our own declared errors and I/O failures (a full disk) pass through unchanged: the
    first is the user's to fix, the last the infrastructure's, retried by the caller.
    """
    step = "loading prepare.py"
    try:
        prepare = competition.prepare_fn
        step = "prepare(raw, public, private)"
        prepare(raw, public, private)
    except (MlebenchError, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - anything else is the preparer's bug
        where = _preparer_frame(exc, competition.folder / "prepare.py")
        lines = str(exc).splitlines()
        raise PreparationError(
            f"{competition.id}: the preparer failed in {step}{where}: {type(exc).__name__}"
            + (f": {lines[0][:300]}" if lines else "") + f" (a bug in {competition.folder / 'prepare.py'}, not retried)"
        ) from exc


def _preparer_frame(exc: BaseException, path: Path) -> str:
    """', at prepare.py line N in FUNCTION' for the innermost frame of the preparer in the traceback, else ''."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    return f", at prepare.py line {frames[-1].lineno} in {frames[-1].name}" if frames else ""


def _recorded_outcome(competition: Competition, layout: DataLayout) -> PrepareOutcome:
    if layout.parity_record.is_file():
        record = read_json(layout.parity_record)
        return PrepareOutcome(competition.id, layout.prepared, record["raw_checksum"], record["files"], True)
    # Prepared by MLE-bench itself: compare now and keep the record.
    files = prepared_parity(competition, layout.prepared)
    write_json_atomic(layout.parity_record, {"competition_id": competition.id, "raw_checksum": NOT_CHECKED, "files": files})
    return PrepareOutcome(competition.id, layout.prepared, NOT_CHECKED, files, True)


def format_parity(outcome: PrepareOutcome) -> list[str]:
    """Lines for the terminal: one per prepared file with its parity status (the leakage audit prints its own)."""
    lines = [f"{outcome.competition_id}: raw archive md5 {outcome.raw_checksum}"]
    for name, info in sorted(outcome.files.items()):
        mark = {MATCH: "ok", DIFFERS: "DIFFERS"}.get(info["status"], info["status"])
        lines.append(f"  {name}: {mark}")
    if outcome.leaderboard is not None:
        lines.append(f"  leaderboard: {outcome.leaderboard}")
    return lines
