"""`mlebench info`: a competition's facts from the local data folder only (no download, no competition code)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from pytest_mlebench.cli import main
from pytest_mlebench.data.files import folder_size, human_bytes
from pytest_mlebench.registry import Registry
from pytest_mlebench.scoring.medals import medal_positions

REPO = Path(__file__).resolve().parents[2]
DIABETES = "practice-diabetes"


@pytest.fixture(autouse=True)
def repo_competitions(monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(REPO / "competitions"))


def test_info_of_a_prepared_competition_gives_sizes_parity_and_thresholds(capsys, tmp_path):
    assert main(["prepare", "-c", DIABETES, "--data-dir", str(tmp_path), "--no-download"]) == 0
    capsys.readouterr()
    assert main(["info", DIABETES, "--data-dir", str(tmp_path), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    prepared = tmp_path / DIABETES / "prepared"
    files = [p for p in prepared.rglob("*") if p.is_file()]
    assert facts["prepared"] == {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}
    assert facts["parity"].startswith("all ") and "match" in facts["parity"]
    # The thresholds, recomputed from the leaderboard kept beside the data with Kaggle's medal positions.
    competition = Registry(REPO / "competitions").get(DIABETES)
    assert competition.leaderboard.source == "local"
    board = pd.read_csv(competition.folder / competition.leaderboard.path)
    gold, silver, bronze = medal_positions(len(board))
    scores = board["score"].tolist()
    assert facts["thresholds"]["gold"] == scores[gold - 1]
    assert facts["thresholds"]["bronze"] == scores[bronze - 1]
    assert facts["thresholds"]["silver"] == scores[silver - 1]
    assert facts["competition"]["metric"] == "root-mean-squared-error"


def test_info_without_data_says_what_is_absent_and_downloads_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("socket.socket.connect", lambda *a: (_ for _ in ()).throw(OSError("no network in this test")))
    assert main(["info", "aerial-cactus-identification", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "raw data: absent" in out and "parity: not prepared" in out
    assert "leaderboard not on this machine" in out
    assert "known issues: " in out and not any(tmp_path.iterdir())


def test_unknown_id_is_one_line(capsys, tmp_path):
    assert main(["info", "no-such-competition", "--data-dir", str(tmp_path)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_folder_size_counts_hard_links_once_and_skips_links(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 100)
    os.link(tmp_path / "a", tmp_path / "b")
    (tmp_path / "c").symlink_to(tmp_path / "a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d").write_bytes(b"y" * 10)
    size = folder_size(tmp_path)
    assert (size.bytes, size.files) == (110, 2)
    assert folder_size(tmp_path / "missing") is None
    assert human_bytes(2048) == "2.0 KiB" and human_bytes(None) == "unknown"
