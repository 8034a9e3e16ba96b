"""`mlebench prepare` over several competitions: the closing table, `--jobs`, and bars on a terminal only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from pytest_mlebench.cli import format_prepare_table, main
from pytest_mlebench.data import files
from pytest_mlebench.prepare_progress import PrepareProgress
from tests.data.throwaway import write_competition, write_raw

PLACING_PREPARE = '''
from pathlib import Path
from pytest_mlebench.data.files import link_or_copy_many


def prepare(raw: Path, public: Path, private: Path) -> None:
    lines = (raw / "data.csv").read_text().splitlines()
    for n in range(80):
        (raw / f"img{n}.txt").write_text(str(n))
    link_or_copy_many([(raw / f"img{n}.txt", public / "images" / f"img{n}.txt") for n in range(80)])
    (public / "train.csv").write_text("\\n".join(lines[:8]) + "\\n")
    (public / "test.csv").write_text("id\\n7\\n8\\n9\\n")
    (public / "sample_submission.csv").write_text("id,target\\n7,0\\n8,0\\n9,0\\n")
    (private / "test.csv").write_text("\\n".join([lines[0], *lines[8:]]) + "\\n")
'''


@pytest.fixture
def split(tmp_path, monkeypatch) -> Path:
    """Three dev competitions: one with raw files, one prepared already, one with neither (downloads off)."""
    root = tmp_path / "competitions"
    for cid in ("alpha", "beta", "gamma"):
        write_competition(root, cid)
    (root / "alpha" / "prepare.py").write_text(PLACING_PREPARE)
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(root))
    data = tmp_path / "data"
    write_raw(data / "alpha" / "raw")
    write_raw(data / "beta" / "raw")
    assert main(["prepare", "-c", "beta", "--data-dir", str(data), "--no-download"]) == 0
    return data


def test_split_ends_with_a_table_of_prepared_skipped_and_failed(split, capsys, monkeypatch):
    workers: list[int] = []
    real_pool = files.ThreadPoolExecutor

    def pool(max_workers: int):
        workers.append(max_workers)
        return real_pool(max_workers=max_workers)

    monkeypatch.setattr(files, "ThreadPoolExecutor", pool)
    monkeypatch.setattr(files.os, "link", _refuse_links)  # copies, not links, go through the pool
    capsys.readouterr()
    status = main(["prepare", "--split", "dev", "--data-dir", str(split), "--no-download", "--jobs", "3"])
    out, err = capsys.readouterr()
    assert status == 2
    table = out.splitlines()[out.splitlines().index(next(line for line in out.splitlines()
                                                           if line.startswith("competition "))):]
    rows = {line.split()[0]: line for line in table[2:-1]}
    assert rows["alpha"].split()[1] == "prepared"
    assert rows["beta"].split()[1] == "skipped" and "already prepared" in rows["beta"]
    assert rows["gamma"].split()[1] == "failed" and "No raw data" in rows["gamma"]
    assert table[-1] == "1 prepared, 1 skipped, 1 failed"
    assert err.strip().splitlines()[-1] == "mlebench prepare: 1 of 3 failed: gamma"
    assert workers == [3], "--jobs reaches link_or_copy_many inside the preparer"
    assert len(list((split / "alpha" / "prepared" / "public" / "images").iterdir())) == 80
    assert "\x1b[" not in out + err and "━" not in out + err, "no bars where output is not a terminal"


def test_jobs_must_be_a_positive_number(capsys, split):
    assert main(["prepare", "--split", "dev", "--data-dir", str(split), "--jobs", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--jobs" in err[0] and "1 or more" in err[0]


def test_placing_jobs_sets_the_default_and_an_explicit_number_wins(tmp_path, monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(files, "ThreadPoolExecutor", lambda max_workers: seen.append(max_workers) or _Pool())
    monkeypatch.setattr(files.os, "link", _refuse_links)
    pairs = [(tmp_path / "s", tmp_path / "t" / str(n)) for n in range(70)]
    (tmp_path / "s").write_text("x")
    with files.placing_jobs(5):
        files.link_or_copy_many(pairs)
        files.link_or_copy_many(pairs, workers=2)
    files.link_or_copy_many(pairs)
    assert seen == [5, 2, files.DEFAULT_WORKERS]


def _refuse_links(*_):
    raise OSError(18, "Invalid cross-device link")


class _Pool:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, fn, items):
        return map(fn, items)


def test_bars_draw_on_a_terminal_and_stay_quiet_elsewhere():
    for terminal in (True, False):
        sink = io.StringIO()
        with PrepareProgress(Console(file=sink, force_terminal=terminal, width=100)) as progress:
            bar = progress.bar("some-competition", 2048)
            bar.step("preparing")
            bar.finish("prepared")
        assert ("some-competition" in sink.getvalue()) is terminal, sink.getvalue()


def test_download_bar_follows_the_bytes_written(tmp_path):
    sink = io.StringIO()
    with PrepareProgress(Console(file=sink, force_terminal=True, width=120)) as progress:
        bar = progress.bar("c", 4096)

        def download(cid: str, dest: Path) -> Path:
            folder = dest / ".download-x"
            folder.mkdir(parents=True)
            (folder / "c.zip").write_bytes(b"z" * 2048)
            import time

            time.sleep(1.0)  # the bar polls every 0.25 s
            return folder / "c.zip"

        bar.watch_download(download)("c", tmp_path)
    assert "downloading 2.0 KiB of 4.0 KiB" in sink.getvalue()


def test_table_counts_every_result():
    lines = format_prepare_table([("a", "prepared", ""), ("bb", "skipped", "why"), ("c", "failed", "boom")])
    assert lines[0].split() == ["competition", "result", "why"]
    assert lines[-1] == "1 prepared, 1 skipped, 1 failed"
