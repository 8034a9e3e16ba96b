"""Atomic, locked preparation on a throwaway competition: once across processes, nothing half-done visible,
md5 pins of the raw archive and of the prepared files, and reuse of data MLE-bench prepared."""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import threading
import time
import zipfile
from pathlib import Path

import pytest

from pytest_mlebench.data.prepare import format_parity, prepare_competition
from pytest_mlebench.errors import ChecksumError, PreparationError, PrerequisiteError
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Registry
from tests.data.throwaway import RAW_CSV, registry_with, write_competition, write_raw

CID = "throwaway"
# What the throwaway preparer writes from RAW_CSV (rows 0-6 train, 7-9 test), worked out here independently.
EXPECTED = {
    "public/train.csv": "id,target\n" + "".join(f"{i},{i * 0.5}\n" for i in range(7)),
    "public/test.csv": "id\n7\n8\n9\n",
    "public/sample_submission.csv": "id,target\n7,0.0\n8,0.0\n9,0.0\n",
    "private/test.csv": "id,target\n7,3.5\n8,4.0\n9,4.5\n",
}


def md5(text: str | bytes) -> str:
    return hashlib.md5(text.encode() if isinstance(text, str) else text).hexdigest()


def calls(layout: DataLayout) -> int:
    log = layout.root / "prepare-calls.log"
    return len(log.read_text().splitlines()) if log.is_file() else 0


def complete(prepared: Path) -> bool:
    """Every prepared file there with its full content."""
    return all((prepared / rel).is_file() and (prepared / rel).read_text() == text for rel, text in EXPECTED.items())


def prepare_in_process(root: str, data_dir: str, barrier=None) -> None:
    """Worker of the two-process test; exits non-zero unless it saw a complete prepared folder."""
    if barrier is not None:  # both processes start preparing together, whatever their import times
        barrier.wait(timeout=60)
    outcome = prepare_competition(Registry(Path(root)).get(CID), Path(data_dir), download=None)
    raise SystemExit(0 if complete(outcome.prepared) and outcome.raw_checksum == "not checked" else 1)


def test_two_processes_prepare_once_and_never_see_a_half_prepared_folder(tmp_path):
    root, data_dir = tmp_path / "competitions", tmp_path / "data"
    write_competition(root, CID, delay=0.8)
    layout = DataLayout(data_dir, CID)
    write_raw(layout.raw)
    half_seen: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if layout.prepared.exists() and not complete(layout.prepared):
                half_seen.append(str(sorted(p.name for p in layout.prepared.rglob("*"))))
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=prepare_in_process, args=(str(root), str(data_dir), barrier)) for _ in range(2)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
    finally:
        done.set()
        watcher.join()
    assert [w.exitcode for w in workers] == [0, 0]
    assert calls(layout) == 1, "the second process must reuse the first one's work"
    assert not half_seen, half_seen
    assert not list(layout.root.glob(".prepared.*")), "no temporary folder left behind"


def test_a_preparer_that_raises_leaves_no_prepared_folder(tmp_path):
    competition = registry_with(tmp_path / "competitions", crash="raise").get(CID)
    layout = DataLayout(tmp_path / "data", CID)
    write_raw(layout.raw)
    with pytest.raises(PreparationError, match="RuntimeError: .*half-way") as info:
        prepare_competition(competition, tmp_path / "data", download=None)
    assert isinstance(info.value.__cause__, RuntimeError)
    assert not layout.prepared.exists()
    assert not layout.is_prepared()
    assert not layout.parity_record.exists()
    assert not list(layout.root.glob(".prepared.*"))


def test_a_killed_preparer_leaves_no_prepared_folder_and_the_next_run_succeeds(tmp_path):
    data_dir = tmp_path / "data"
    layout = DataLayout(data_dir, CID)
    write_raw(layout.raw)
    write_competition(tmp_path / "crashing", CID, crash="exit")
    context = multiprocessing.get_context("spawn")
    worker = context.Process(target=prepare_in_process, args=(str(tmp_path / "crashing"), str(data_dir)))
    worker.start()
    worker.join(timeout=120)
    assert worker.exitcode == 9, "the preparer died mid-way (os._exit), skipping every cleanup"
    assert not layout.prepared.exists() and not layout.is_prepared()
    assert (layout.root / "prepare-calls.log").is_file()
    # The dead process's lock is gone with it; a sound preparer now completes.
    outcome = prepare_competition(registry_with(tmp_path / "sound").get(CID), data_dir, download=None)
    assert complete(outcome.prepared)
    assert calls(layout) == 2


def zip_of_raw() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", RAW_CSV)
    return buffer.getvalue()


def test_downloaded_zip_with_the_pinned_md5_is_checked_and_extracted(tmp_path):
    archive = zip_of_raw()
    competition = registry_with(
        tmp_path / "competitions", config={"checksums": {"zip": md5(archive), "public": {}, "private": {}}}
    ).get(CID)
    fetched: list[str] = []

    def fake_download(competition_id: str, dest: Path) -> Path:
        fetched.append(competition_id)
        (dest / f"{competition_id}.zip").write_bytes(archive)
        return dest / f"{competition_id}.zip"

    outcome = prepare_competition(competition, tmp_path / "data", download=fake_download)
    assert fetched == [CID]
    assert outcome.raw_checksum == "match"
    assert (tmp_path / "data" / CID / "raw" / "data.csv").read_text() == RAW_CSV
    assert complete(outcome.prepared)
    assert format_parity(outcome)[0] == f"{CID}: raw archive md5 match"


def test_zip_md5_mismatch_names_both_values_and_prepares_nothing(tmp_path):
    archive = zip_of_raw()
    pin = "0123456789abcdef0123456789abcdef"
    competition = registry_with(
        tmp_path / "competitions", config={"checksums": {"zip": pin, "public": {}, "private": {}}}
    ).get(CID)
    layout = DataLayout(tmp_path / "data", CID)
    layout.root.mkdir(parents=True)
    layout.zip.write_bytes(archive)
    with pytest.raises(ChecksumError) as info:
        prepare_competition(competition, tmp_path / "data", download=None)
    assert pin in str(info.value) and md5(archive) in str(info.value)
    assert not layout.raw.exists() and not layout.prepared.exists()


def test_no_raw_data_and_no_download_is_a_prerequisite_error(tmp_path):
    competition = registry_with(tmp_path / "competitions").get(CID)
    with pytest.raises(PrerequisiteError, match="downloading is off"):
        prepare_competition(competition, tmp_path / "data", download=None)


def test_raw_files_placed_by_hand_are_not_checked_and_prepared_files_compared_with_pins(tmp_path):
    pins = {
        "zip": "0123456789abcdef0123456789abcdef",  # a pinned archive that is not there to check
        "public": {"train.csv": md5(EXPECTED["public/train.csv"]), "test.csv": "f" * 32},
        "private": {"test.csv": md5(EXPECTED["private/test.csv"])},
    }
    competition = registry_with(tmp_path / "competitions", config={"checksums": pins}).get(CID)
    layout = DataLayout(tmp_path / "data", CID)
    write_raw(layout.raw)
    outcome = prepare_competition(competition, tmp_path / "data", download=None)
    assert outcome.raw_checksum == "not checked"
    assert format_parity(outcome)[0] == f"{CID}: raw archive md5 not checked"
    status = {name: info["status"] for name, info in outcome.files.items()}
    assert status == {
        "public/train.csv": "match",
        "public/test.csv": "differs",
        "public/sample_submission.csv": "no pin",
        "public/description.md": "no pin",
        "private/test.csv": "match",
    }
    assert outcome.files["public/test.csv"]["md5"] == md5(EXPECTED["public/test.csv"])
    assert not outcome.all_match
    assert json.loads(layout.parity_record.read_text())["files"] == outcome.files


def test_prepared_data_is_reused_unless_forced(tmp_path):
    competition = registry_with(tmp_path / "competitions").get(CID)
    layout = DataLayout(tmp_path / "data", CID)
    write_raw(layout.raw)
    first = prepare_competition(competition, tmp_path / "data", download=None)
    again = prepare_competition(competition, tmp_path / "data", download=None)
    assert (first.already_prepared, again.already_prepared) == (False, True)
    assert again.files == first.files and calls(layout) == 1
    prepare_competition(competition, tmp_path / "data", download=None, force=True)
    assert calls(layout) == 2 and complete(layout.prepared)


def test_a_folder_prepared_by_mlebench_is_reused_and_compared(tmp_path):
    pins = {
        "zip": None,
        "public": {"train.csv": md5(EXPECTED["public/train.csv"]), "test.csv": "e" * 32, "gone.csv": "d" * 32},
        "private": {"test.csv": md5(EXPECTED["private/test.csv"])},
    }
    competition = registry_with(tmp_path / "competitions", config={"checksums": pins}).get(CID)
    layout = DataLayout(tmp_path / "data", CID)
    for rel, text in EXPECTED.items():  # as MLE-bench leaves it: prepared/ only, no raw/, no parity.json
        (layout.prepared / rel).parent.mkdir(parents=True, exist_ok=True)
        (layout.prepared / rel).write_text(text)
    outcome = prepare_competition(competition, tmp_path / "data", download=None)
    assert outcome.already_prepared and calls(layout) == 0
    assert outcome.raw_checksum == "not checked"
    status = {name: info["status"] for name, info in outcome.files.items()}
    assert status["public/train.csv"] == "match"
    assert status["public/test.csv"] == "differs"
    assert status["public/gone.csv"] == "missing"
    assert status["private/test.csv"] == "match"
    assert json.loads(layout.parity_record.read_text())["files"] == outcome.files
    assert not layout.raw.exists(), "reusing MLE-bench's data must not need raw files"


def _disk_with_free(free: int):
    import shutil

    real = shutil.disk_usage

    def usage(path):
        total, used, _ = real(path)
        return type(real(path))(total, used, free)

    return usage


def test_too_little_disk_to_unpack_stops_with_one_sentence_and_prepares_nothing(tmp_path, monkeypatch):
    archive = zip_of_raw()
    competition = registry_with(tmp_path / "competitions").get(CID)
    (tmp_path / "data" / CID).mkdir(parents=True)
    (tmp_path / "data" / CID / f"{CID}.zip").write_bytes(archive)
    monkeypatch.setattr("pytest_mlebench.data.files.shutil.disk_usage", _disk_with_free(len(RAW_CSV) - 1))
    with pytest.raises(PrerequisiteError, match=rf"Unpacking {CID}.zip needs about .* free in .*, but only .* are free"):
        prepare_competition(competition, tmp_path / "data", download=None)
    layout = DataLayout(tmp_path / "data", CID)
    assert not layout.raw.exists() and not layout.is_prepared()


def test_too_little_disk_to_prepare_stops_before_the_preparer_runs(tmp_path, monkeypatch):
    competition = registry_with(tmp_path / "competitions").get(CID)
    layout = DataLayout(tmp_path / "data", CID)
    write_raw(layout.raw)
    monkeypatch.setattr("pytest_mlebench.data.files.shutil.disk_usage", _disk_with_free(10))
    with pytest.raises(PrerequisiteError, match=rf"Preparing {CID} needs about \d+ B free"):
        prepare_competition(competition, tmp_path / "data", download=None)
    assert not layout.is_prepared() and not (layout.root / "prepare-calls.log").exists()
    monkeypatch.undo()
    assert complete(prepare_competition(competition, tmp_path / "data", download=None).prepared)
