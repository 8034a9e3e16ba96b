"""Grading without the network: the leaderboard kept beside the prepared data, the lookup order (beside the
data, the cache, the network), and a missing leaderboard that leaves medals unknown instead of failing."""

from __future__ import annotations

import hashlib
import math

import pytest

from pytest_mlebench.data.prepare import format_parity, prepare_competition
from pytest_mlebench.errors import ChecksumError, LeaderboardMissingError
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.scoring.grade import grade_submission
from pytest_mlebench.scoring.leaderboard import leaderboard_path, load_scores
from tests.data.standins import LfsMediaServer, free_port
from tests.data.test_leaderboard_download import MEDIA_PATH, assert_one_sentence, pinned
from tests.data.throwaway import LEADERBOARD, registry_with, write_raw

CID = "throwaway"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_network(monkeypatch):
    """The leaderboard host points at a closed local port: every download is refused."""
    monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", f"http://127.0.0.1:{free_port()}/media")


def never_download(competition_id, dest):
    raise AssertionError("raw files are in place; Kaggle must not be contacted")


def prepared(tmp_path):
    """A throwaway competition pinned to MLE-bench's leaderboard, with its raw files placed by hand."""
    competition = registry_with(tmp_path / "competitions", config=pinned()).get(CID)
    data_dir = tmp_path / "data"
    write_raw(DataLayout(data_dir, CID).raw)
    return competition, data_dir


def write_perfect_submission(tmp_path, data_dir):
    path = tmp_path / "submission.csv"
    path.write_text((DataLayout(data_dir, CID).private / "test.csv").read_text())
    return path


def test_prepare_keeps_the_verified_leaderboard_beside_the_data_and_grading_then_needs_no_network(
    tmp_path, monkeypatch
):
    competition, data_dir = prepared(tmp_path)
    beside = DataLayout(data_dir, CID).leaderboard
    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        outcome = prepare_competition(competition, data_dir, download=never_download)
        assert server.requests == [("GET", MEDIA_PATH)]
    assert beside.read_bytes() == LEADERBOARD
    assert outcome.leaderboard == f"{beside} (sha256 verified)"
    assert f"  leaderboard: {beside} (sha256 verified)" in format_parity(outcome)
    # Another node: the same data folder, an empty cache, no network.
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", f"http://127.0.0.1:{free_port()}/media")
    report = grade_submission(competition, write_perfect_submission(tmp_path, data_dir), data_dir)
    assert report.score == 0.0 and report.gold_medal is True and report.medal_note is None


def test_prepare_without_network_prepares_and_says_the_leaderboard_is_missing(tmp_path, no_network):
    competition, data_dir = prepared(tmp_path)
    outcome = prepare_competition(competition, data_dir, download=never_download)
    assert DataLayout(data_dir, CID).is_prepared()
    assert outcome.leaderboard.startswith("missing: The leaderboard of throwaway is not beside the data")
    assert not DataLayout(data_dir, CID).leaderboard.exists()


def test_prepare_with_downloading_off_does_not_fetch_the_leaderboard(tmp_path, monkeypatch):
    competition, data_dir = prepared(tmp_path)
    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        outcome = prepare_competition(competition, data_dir, download=None)
        assert server.requests == []
    assert outcome.leaderboard.endswith("and downloading is off.")


def test_beside_the_data_comes_before_the_cache_and_the_network(tmp_path, monkeypatch):
    competition, data_dir = prepared(tmp_path)
    beside = DataLayout(data_dir, CID).leaderboard
    beside.parent.mkdir(parents=True, exist_ok=True)
    beside.write_bytes(LEADERBOARD)
    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        assert leaderboard_path(competition, data_dir) == beside
        assert server.requests == [], "a copy beside the data needs no request"
        cached = leaderboard_path(competition)  # no data folder given: the cache, filled from the network
        assert server.requests == [("GET", MEDIA_PATH)]
        assert leaderboard_path(competition, tmp_path / "elsewhere") == cached
        assert server.requests == [("GET", MEDIA_PATH)], "the cached copy comes before the network"


def test_a_corrupted_copy_beside_the_data_is_a_checksum_error(tmp_path, no_network):
    competition, data_dir = prepared(tmp_path)
    beside = DataLayout(data_dir, CID).leaderboard
    beside.parent.mkdir(parents=True, exist_ok=True)
    beside.write_bytes(LEADERBOARD.replace(b"0.5", b"0.4"))
    with pytest.raises(ChecksumError, match=hashlib.sha256(LEADERBOARD).hexdigest()):
        leaderboard_path(competition, data_dir)


def test_nowhere_and_no_network_is_a_one_sentence_leaderboard_missing_error(tmp_path, no_network):
    competition, data_dir = prepared(tmp_path)
    with pytest.raises(LeaderboardMissingError) as info:
        leaderboard_path(competition, data_dir)
    assert_one_sentence(str(info.value))
    assert "ConnectionError" in str(info.value) and "mlebench leaderboard" in str(info.value)
    with pytest.raises(LeaderboardMissingError, match="downloading is off"):
        leaderboard_path(competition, data_dir, download=False)


def test_grading_without_a_leaderboard_reports_score_and_validity_and_leaves_medals_unknown(tmp_path, no_network):
    competition, data_dir = prepared(tmp_path)
    prepare_competition(competition, data_dir, download=never_download)
    report = grade_submission(competition, write_perfect_submission(tmp_path, data_dir), data_dir)
    assert report.score == 0.0 and report.valid_submission is True
    medal_fields = ("gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold", "any_medal",
                    "gold_medal", "silver_medal", "bronze_medal", "above_median")
    assert {name: getattr(report, name) for name in medal_fields} == dict.fromkeys(medal_fields)
    assert report.medal_note.startswith("Medals unknown: the leaderboard of throwaway")
    assert_one_sentence(report.medal_note)
    invalid = grade_submission(competition, tmp_path / "missing.csv", data_dir)
    assert invalid.valid_submission is False and invalid.any_medal is None and invalid.medal_note


# Kaggle lists teams without a score last, with an empty score and hasScore False.
UNSCORED = (b"scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore\n"
            + b"".join(f"{s},{i},True,2020-01-01 00:00:00,{s},True\n".encode()
                       for i, s in enumerate([0.5, 0.6, 0.7], 1))
            + b",4,True,2020-01-01 00:00:00,,False\n,5,True,2020-01-01 00:00:00,,False\n")


def test_a_lower_is_better_leaderboard_with_unscored_rows_last_loads_and_ranks(tmp_path):
    competition = registry_with(tmp_path / "competitions", leaderboard=UNSCORED, config={"leaderboard": {
        "source": "local", "path": "leaderboard.csv", "sha256": hashlib.sha256(UNSCORED).hexdigest(),
        "size": len(UNSCORED)}}).get(CID)
    scores = load_scores(competition)  # the direction check must not read the NaN last row
    assert scores[:3] == [0.5, 0.6, 0.7] and all(math.isnan(s) for s in scores[3:])
