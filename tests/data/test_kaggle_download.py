"""The Kaggle download through the real `kaggle` client, against a local stand-in of Kaggle's API.

Each case runs the download in a fresh process: the client reads its endpoint switch and config folder
when it is imported, and an import must not see this process's (or the user's) credentials.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pytest_mlebench.data.download import RULES_URL, download_competition_zip, has_credentials
from pytest_mlebench.errors import PrerequisiteError
from tests.data.standins import DOWNLOAD_CALL, KaggleAccount, KaggleServer, free_port

CHILD = """
import sys
from pathlib import Path
from pytest_mlebench.data.download import download_competition_zip
from pytest_mlebench.errors import PrerequisiteError
try:
    print(download_competition_zip(sys.argv[1], Path(sys.argv[2])))
except PrerequisiteError as exc:
    print(f"PrerequisiteError: {exc}")
    sys.exit(3)
"""


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("train.csv", "id,target\n1,0.5\n")
        archive.writestr("test.csv", "id\n2\n")
    return buffer.getvalue()


ZIP = make_zip()


def download(tmp_path: Path, env: dict[str, str], competition_id: str) -> subprocess.CompletedProcess:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**env, "HOME": str(home), "KAGGLE_CONFIG_DIR": str(home / ".kaggle"), "XDG_CONFIG_HOME": str(home / ".config")}
    return subprocess.run(
        [sys.executable, "-c", CHILD, competition_id, str(tmp_path / "data" / competition_id)],
        env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def kaggle():
    account = KaggleAccount(accepted_rules={"tiny-comp"})
    with KaggleServer({"tiny-comp": ZIP, "rules-pending": ZIP}, account) as server:
        yield server


@pytest.mark.parametrize("credentials", ["key", "token"])
def test_download_follows_the_redirect_and_lands_the_zip(kaggle, tmp_path, credentials):
    result = download(tmp_path, kaggle.client_env(dict(os.environ), credentials), "tiny-comp")
    assert result.returncode == 0, result.stdout + result.stderr
    path = tmp_path / "data" / "tiny-comp" / "tiny-comp.zip"
    assert result.stdout.strip() == str(path), "nothing but our own output on stdout"
    assert hashlib.md5(path.read_bytes()).hexdigest() == hashlib.md5(ZIP).hexdigest()
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny-comp.zip"], "no temporary leftovers"
    assert {"competitionName": "tiny-comp"} in kaggle.bodies
    assert ("GET", "/storage/kaggle-competitions-data/kaggle-v2/1234/5678/bundle/archive.zip") in kaggle.requests


def test_rules_not_accepted_gives_the_rules_url(kaggle, tmp_path):
    result = download(tmp_path, kaggle.client_env(dict(os.environ)), "rules-pending")
    assert result.returncode == 3, result.stdout + result.stderr
    assert RULES_URL.format(id="rules-pending") in result.stdout
    assert not (tmp_path / "data" / "rules-pending" / "rules-pending.zip").exists()
    assert not list((tmp_path / "data" / "rules-pending").iterdir())


def test_wrong_key_is_rejected_credentials(kaggle, tmp_path):
    env = {**kaggle.client_env(dict(os.environ)), "KAGGLE_KEY": "not-the-key"}
    result = download(tmp_path, env, "tiny-comp")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Kaggle rejected the credentials (HTTP 401)" in result.stdout


def test_unknown_competition(kaggle, tmp_path):
    result = download(tmp_path, kaggle.client_env(dict(os.environ)), "no-such-comp")
    assert result.returncode == 3
    assert "Kaggle has no competition named no-such-comp" in result.stdout


def test_missing_credentials_is_a_prerequisite_error_without_contacting_kaggle(kaggle, tmp_path):
    result = download(tmp_path, kaggle.client_env(dict(os.environ), credentials="none"), "tiny-comp")
    assert result.returncode == 3, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("PrerequisiteError: No usable Kaggle credentials")
    assert "KAGGLE_API_TOKEN" in lines[0], "the client's help text must not leak to stdout, our sentence must"
    assert ("POST", DOWNLOAD_CALL) not in kaggle.requests


def test_no_network_is_one_sentence(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"
    env = KaggleServer({}).client_env(dict(os.environ))
    env.update(HTTP_PROXY=dead, http_proxy=dead)
    result = download(tmp_path, env, "tiny-comp")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "check the network connection" in result.stdout


@pytest.mark.kaggle
def test_real_kaggle_download_matches_mlebench_pin(tmp_path, registry):
    """The smallest Lite archive from kaggle.com; needs credentials and the competition's rules accepted."""
    if not has_credentials():
        pytest.skip("no Kaggle credentials (KAGGLE_API_TOKEN, KAGGLE_USERNAME/KAGGLE_KEY or ~/.kaggle/)")
    competition = registry.get("spooky-author-identification")
    try:
        path = download_competition_zip(competition.id, tmp_path)
    except PrerequisiteError as exc:
        if "rules" in str(exc) or "network" in str(exc):
            pytest.skip(str(exc))
        raise
    assert hashlib.md5(path.read_bytes()).hexdigest() == competition.checksums.zip
