"""The preflight before any download: `mlebench prepare --check` and the first step of a multi-competition prepare,
through the real `kaggle` client against the local Kaggle stand-in (each case a fresh process, as in
test_kaggle_download.py), plus the listing itself on a fake answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_mlebench.data.download import RULES_URL, DownloadAccess, check_download_access, has_credentials
from pytest_mlebench.data.preflight import DATA_TAB_URL, format_preflight, run_preflight
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.registry import Registry
from tests.data.standins import KaggleAccount, KaggleServer
from tests.data.test_kaggle_download import ZIP

REPO = Path(__file__).resolve().parents[2]
SPOOKY = "spooky-author-identification"
INSULTS = "detecting-insults-in-social-commentary"  # Late Submission disabled: rules from the Data tab
WHALE = "the-icml-2013-whale-challenge-right-whale-redux"
DIGITS = "practice-digits"  # built in: never asked about
LARGE = 256 * 2**20


@pytest.fixture
def registry() -> Registry:
    return Registry(REPO / "competitions")


@pytest.fixture
def kaggle():
    account = KaggleAccount(accepted_rules={SPOOKY})
    with KaggleServer({INSULTS: ZIP, WHALE: ZIP}, account, large={SPOOKY: LARGE}) as server:
        yield server


def mlebench(tmp_path: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**env, "HOME": str(home), "KAGGLE_CONFIG_DIR": str(home / ".kaggle"),
           "XDG_CONFIG_HOME": str(home / ".config"), "MLEBENCH_COMPETITIONS_DIR": str(REPO / "competitions")}
    return subprocess.run(
        [sys.executable, "-m", "pytest_mlebench.cli", *argv, "--data-dir", str(tmp_path / "data")],
        env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_lists_every_competition_and_downloads_nothing(kaggle, tmp_path):
    ids = [SPOOKY, INSULTS, WHALE, DIGITS]
    result = mlebench(tmp_path, kaggle.client_env(dict(os.environ)), "prepare", "--check",
                      *[arg for cid in ids for arg in ("-c", cid)])
    assert result.returncode == 2, result.stdout + result.stderr
    out = result.stdout.splitlines()
    assert any(line.startswith(SPOOKY) and "ok: may download (256.0 MiB)" in line for line in out), out
    assert any(line.startswith(DIGITS) and "built in" in line for line in out), out
    for cid in (INSULTS, WHALE):
        assert any(line.startswith(cid) and "RULES NOT ACCEPTED" in line for line in out), out
        rules = next(line for line in out if line.startswith(f"  {cid}: "))
        assert RULES_URL.format(id=cid) in rules and DATA_TAB_URL.format(id=cid) in rules, rules
    assert "To download: 256.0 MiB from Kaggle (1 archive(s))." in out
    # Asked once per competition that needs a download; the built-in one never.
    assert [b["competitionName"] for b in kaggle.bodies if b] == [SPOOKY, INSULTS, WHALE]
    assert kaggle.sent.get(SPOOKY, 0) < LARGE // 8, "the archive's body was read"
    assert not any(p.is_file() for p in (tmp_path / "data").rglob("*")), "nothing is written"


def test_check_passes_when_every_download_is_allowed(kaggle, tmp_path):
    result = mlebench(tmp_path, kaggle.client_env(dict(os.environ), "token"), "prepare", "--check", "-c", SPOOKY)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_without_credentials_is_one_sentence(kaggle, tmp_path):
    result = mlebench(tmp_path, kaggle.client_env(dict(os.environ), "none"), "prepare", "--check", "-c", SPOOKY)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No usable Kaggle credentials" in lines[0], result.stderr


def test_multi_competition_prepare_asks_about_all_before_downloading_any(kaggle, tmp_path):
    kaggle.competitions[SPOOKY] = ZIP  # a small archive, whose md5 is not MLE-bench's pin
    kaggle.large.clear()
    result = mlebench(tmp_path, kaggle.client_env(dict(os.environ)), "prepare", "-c", SPOOKY, "-c", INSULTS)
    assert result.returncode == 2, result.stdout + result.stderr
    calls = [b["competitionName"] for b in kaggle.bodies if b]
    assert calls[:2] == [SPOOKY, INSULTS], "both asked about first"
    assert calls[2:] == [SPOOKY], "then only the allowed one downloaded"
    out = result.stdout
    assert out.index("RULES NOT ACCEPTED") < out.index("competition ")  # the list comes before the table
    table = out.splitlines()[out.splitlines().index(next(line for line in out.splitlines()
                                                           if line.startswith("competition "))):]
    assert any(line.startswith(INSULTS) and "skipped" in line and RULES_URL.format(id=INSULTS) in line
               for line in table), table
    assert any(line.startswith(SPOOKY) and "failed" in line and "md5" in line for line in table), table
    assert table[-1] == "0 prepared, 1 skipped, 1 failed"


def test_listing_on_a_fake_answer_names_rules_pages_and_the_data_tab(registry, tmp_path):
    competitions = [registry.get(cid) for cid in (SPOOKY, INSULTS, DIGITS)]
    asked: list[list[str]] = []

    def check(ids: list[str]) -> list[DownloadAccess]:
        asked.append(ids)
        return [DownloadAccess(SPOOKY, 403, reason="x"), DownloadAccess(INSULTS, 403, reason="x")]

    preflight = run_preflight(competitions, tmp_path, check)
    assert asked == [[SPOOKY, INSULTS]]
    lines = format_preflight(preflight, competitions)
    spooky = next(line for line in lines if line.startswith(f"  {SPOOKY}: "))
    assert spooky == f"  {SPOOKY}: {RULES_URL.format(id=SPOOKY)}", "no Data tab advice where Late Submission works"
    insults = next(line for line in lines if line.startswith(f"  {INSULTS}: "))
    assert "Data tab" in insults and DATA_TAB_URL.format(id=INSULTS) in insults


def test_raw_files_present_are_not_asked_about(registry, tmp_path):
    (tmp_path / SPOOKY / "raw").mkdir(parents=True)
    (tmp_path / SPOOKY / "raw" / "train.csv").write_text("id\n")
    preflight = run_preflight([registry.get(SPOOKY)], tmp_path, lambda ids: pytest.fail(f"asked about {ids}"))
    assert preflight.local == {SPOOKY: "raw files present"} and not preflight.blocked


@pytest.mark.kaggle
def test_real_kaggle_answers_the_preflight():
    """kaggle.com itself: an allowed competition has a size, a refused one is a rules 403; needs credentials."""
    if not has_credentials():
        pytest.skip("no Kaggle credentials (KAGGLE_API_TOKEN, KAGGLE_USERNAME/KAGGLE_KEY or ~/.kaggle/)")
    try:
        [access] = check_download_access([SPOOKY])
    except PrerequisiteError as exc:
        pytest.skip(str(exc))
    if access.status is None:
        pytest.skip(access.reason)
    assert access.status in (200, 403), access
    if access.allowed:
        assert access.size and access.size > 1_000_000

