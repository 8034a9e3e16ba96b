"""A competition's leaderboard: found in its folder or downloaded once from MLE-bench's pinned Git-LFS object,
verified by sha256 and size, cached."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import platformdirs
import requests
from filelock import FileLock

from pytest_mlebench.errors import ChecksumError, ConfigError, PrerequisiteError
from pytest_mlebench.medals import check_direction
from pytest_mlebench.registry import Competition

MLEBENCH_REPOSITORY = "openai/mle-bench"
MLEBENCH_COMMIT = "783b15af77404fbaffe7255b0c4a934b46153389"
LFS_MEDIA_URL = "https://media.githubusercontent.com/media"
ENV_LEADERBOARD_URL = "MLEBENCH_LEADERBOARD_URL"
ENV_CACHE_DIR = "MLEBENCH_CACHE_DIR"
COLUMNS = ("scoreNullable", "teamId", "hasTeamName", "submissionDate", "score", "hasScore")


def cache_dir() -> Path:
    """$MLEBENCH_CACHE_DIR, else this package's user cache folder."""
    return Path(os.environ.get(ENV_CACHE_DIR) or platformdirs.user_cache_dir("pytest-mlebench"))


def leaderboard_url(competition: Competition) -> str:
    base = os.environ.get(ENV_LEADERBOARD_URL, LFS_MEDIA_URL).rstrip("/")
    return f"{base}/{MLEBENCH_REPOSITORY}/{MLEBENCH_COMMIT}/{competition.leaderboard.path}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, sha256: str, size: int, what: str) -> None:
    """Raise `ChecksumError` naming both values when the file is not the pinned one."""
    actual_size = path.stat().st_size
    if actual_size != size:
        raise ChecksumError(f"{what}: size is {actual_size} bytes, expected {size} ({path}).")
    actual = sha256_file(path)
    if actual != sha256:
        raise ChecksumError(f"{what}: sha256 is {actual}, expected {sha256} ({path}).")


def leaderboard_path(competition: Competition) -> Path:
    """The verified leaderboard CSV on disk, downloading MLE-bench's copy on first use."""
    pin = competition.leaderboard
    what = f"leaderboard of {competition.id}"
    if pin.source == "local":
        path = competition.folder / pin.path
        verify(path, pin.sha256, pin.size, what)
        return path
    path = cache_dir() / "leaderboards" / f"{competition.id}-{pin.sha256[:12]}.csv"
    if path.is_file():
        verify(path, pin.sha256, pin.size, what)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        if not path.is_file():
            _download(leaderboard_url(competition), path, pin.sha256, pin.size, what)
    verify(path, pin.sha256, pin.size, what)
    return path


def _download(url: str, dest: Path, sha256: str, size: int, what: str) -> None:
    """Fetch into a temporary file, verify it, then rename: a wrong download never lands in the cache."""
    try:
        response = requests.get(url, timeout=60)
    except requests.RequestException as exc:
        raise PrerequisiteError(
            f"Could not download the {what} from {url} ({type(exc).__name__}); check the network, "
            f"or place the verified file at {dest}."
        ) from exc
    if response.status_code != 200:
        raise PrerequisiteError(f"Downloading the {what} from {url} answered HTTP {response.status_code}.")
    tmp = dest.with_name(f"{dest.name}.part{os.getpid()}")
    try:
        tmp.write_bytes(response.content)
        verify(tmp, sha256, size, what)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def load_scores(competition: Competition) -> list[float]:
    """Leaderboard scores, best team first, after checking the declared direction agrees."""
    path = leaderboard_path(competition)
    frame = pd.read_csv(path)
    if "score" not in frame.columns:
        raise ConfigError(f"{path}: leaderboard has no 'score' column (expected Kaggle's {', '.join(COLUMNS)}).")
    scores = [float(s) for s in frame["score"].tolist()]
    check_direction(scores, competition.is_lower_better, f"{competition.folder / 'config.yaml'}")
    return scores
