"""MLE-bench's leaderboard download against a local stand-in of GitHub's Git-LFS media host."""

from __future__ import annotations

import hashlib

import pytest

from pytest_mlebench.errors import ChecksumError, ConfigError, PrerequisiteError
from pytest_mlebench.scoring.leaderboard import (
    MLEBENCH_COMMIT,
    MLEBENCH_REPOSITORY,
    leaderboard_path,
    load_scores,
)
from tests.data.standins import LfsMediaServer, free_port
from tests.data.throwaway import LEADERBOARD, registry_with

LFS_PATH = "mlebench/competitions/throwaway/leaderboard.csv"
MEDIA_PATH = f"/media/{MLEBENCH_REPOSITORY}/{MLEBENCH_COMMIT}/{LFS_PATH}"


def pinned(sha256: str | None = None, size: int | None = None) -> dict:
    return {
        "leaderboard": {
            "source": "mlebench",
            "path": LFS_PATH,
            "sha256": sha256 or hashlib.sha256(LEADERBOARD).hexdigest(),
            "size": len(LEADERBOARD) if size is None else size,
        }
    }


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def competition(tmp_path, **pins):
    return registry_with(tmp_path / "competitions", config=pinned(**pins)).get("throwaway")


def test_download_verified_cached_and_reused_without_a_request(tmp_path, monkeypatch):
    comp = competition(tmp_path)
    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        first = leaderboard_path(comp)
        assert server.requests == [("GET", MEDIA_PATH)]
        second = leaderboard_path(comp)
        assert load_scores(comp) == [0.5, 0.6, 0.7, 0.8, 0.9]
        assert server.requests == [("GET", MEDIA_PATH)], "the cached copy must be reused"
    assert first == second and first.read_bytes() == LEADERBOARD
    assert first.is_relative_to(tmp_path / "cache")
    assert [p.name for p in first.parent.iterdir() if p.suffix != ".lock"] == [first.name]


def test_wrong_sha256_names_both_values_and_caches_nothing(tmp_path, monkeypatch):
    served = LEADERBOARD.replace(b"0.9", b"0.8")  # same size, other bytes
    comp = competition(tmp_path)
    with LfsMediaServer({MEDIA_PATH: served}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        with pytest.raises(ChecksumError) as info:
            leaderboard_path(comp)
    message = str(info.value)
    assert hashlib.sha256(served).hexdigest() in message
    assert hashlib.sha256(LEADERBOARD).hexdigest() in message
    assert not list((tmp_path / "cache").rglob("*.csv")), "a wrong download must not land in the cache"


def test_wrong_size_names_both_sizes(tmp_path, monkeypatch):
    served = LEADERBOARD + b"1.0,6,True,2020-01-01 00:00:00,1.0,True\n"
    comp = competition(tmp_path)
    with LfsMediaServer({MEDIA_PATH: served}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        with pytest.raises(ChecksumError, match=rf"{len(served)} bytes, expected {len(LEADERBOARD)}"):
            leaderboard_path(comp)


def test_corrupted_cache_is_an_error_naming_both_values(tmp_path, monkeypatch):
    comp = competition(tmp_path)
    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        path = leaderboard_path(comp)
    path.write_bytes(LEADERBOARD.replace(b"0.5", b"0.4"))
    with pytest.raises(ChecksumError, match=hashlib.sha256(LEADERBOARD).hexdigest()):
        leaderboard_path(comp)


def test_http_404_is_one_sentence(tmp_path, monkeypatch):
    comp = competition(tmp_path)
    with LfsMediaServer({}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        with pytest.raises(PrerequisiteError) as info:
            leaderboard_path(comp)
        assert server.requests == [("GET", MEDIA_PATH)]
    assert_one_sentence(str(info.value))
    assert "404" in str(info.value)


def test_connection_refused_is_one_sentence(tmp_path, monkeypatch):
    comp = competition(tmp_path)
    monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", f"http://127.0.0.1:{free_port()}/media")
    with pytest.raises(PrerequisiteError) as info:
        leaderboard_path(comp)
    assert_one_sentence(str(info.value))
    assert "network" in str(info.value)


def test_declared_direction_contradicting_the_leaderboard_is_a_config_error(tmp_path, monkeypatch):
    comp = registry_with(
        tmp_path / "competitions",
        config={**pinned(), "metric": {"name": "auc-roc", "higher_is_better": True}},
    ).get("throwaway")
    with LfsMediaServer({MEDIA_PATH: LEADERBOARD}) as server:
        monkeypatch.setenv("MLEBENCH_LEADERBOARD_URL", server.media_url)
        with pytest.raises(ConfigError, match=r"config\.yaml: metric\.higher_is_better"):
            load_scores(comp)


def assert_one_sentence(message: str) -> None:
    assert "\n" not in message
    assert message.endswith(".")
    assert ". " not in message, message
