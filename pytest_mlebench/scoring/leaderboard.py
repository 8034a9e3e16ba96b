"""A competition's leaderboard: in its folder (practice), else beside the prepared data, else in the user
cache, else downloaded from MLE-bench's pinned Git-LFS object; always verified by sha256 and size.

Grading never needs the network: where none of these has it, `scores_or_missing` says so instead of raising.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd
import requests
from filelock import FileLock

from pytest_mlebench.errors import ChecksumError, ConfigError, LeaderboardMissingError
from pytest_mlebench.layout import DataLayout, cache_dir
from pytest_mlebench.registry import Competition
from pytest_mlebench.scoring.medals import check_direction

MLEBENCH_REPOSITORY = "openai/mle-bench"
MLEBENCH_COMMIT = "783b15af77404fbaffe7255b0c4a934b46153389"
LFS_MEDIA_URL = "https://media.githubusercontent.com/media"
ENV_LEADERBOARD_URL = "MLEBENCH_LEADERBOARD_URL"
COLUMNS = ("scoreNullable", "teamId", "hasTeamName", "submissionDate", "score", "hasScore")


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


def cached_path(competition: Competition) -> Path:
    return cache_dir() / "leaderboards" / f"{competition.id}-{competition.leaderboard.sha256[:12]}.csv"


def leaderboard_path(competition: Competition, data_dir: Path | None = None, *, download: bool = True) -> Path:
    """The verified leaderboard CSV on disk: the repo's copy, beside the data, cached, or (`download`) fetched.

    Raises `LeaderboardMissingError` where it is in none of these places and cannot be downloaded.
    """
    pin = competition.leaderboard
    what = f"leaderboard of {competition.id}"
    if pin.source == "local":
        path = competition.folder / pin.path
        verify(path, pin.sha256, pin.size, what)
        return path
    beside = DataLayout(Path(data_dir), competition.id).leaderboard if data_dir is not None else None
    path = cached_path(competition)
    for candidate in (beside, path):
        if candidate is not None and candidate.is_file():
            verify(candidate, pin.sha256, pin.size, what)
            return candidate
    places = (f"beside the data ({beside}) or " if beside else "") + f"in the cache ({path})"
    if not download:
        raise LeaderboardMissingError(f"The {what} is not {places}, and downloading is off.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        if not path.is_file():
            _download(leaderboard_url(competition), path, pin.sha256, pin.size, what, places)
    verify(path, pin.sha256, pin.size, what)
    return path


def keep_beside_data(competition: Competition, data_dir: Path, *, download: bool = True) -> Path:
    """Have the verified leaderboard at `<data_dir>/<id>/leaderboard.csv` (from the cache or the network), so
    nodes that share the data folder grade without the network; a practice competition's stays in its folder."""
    if competition.leaderboard.source == "local":
        return leaderboard_path(competition)
    dest = DataLayout(Path(data_dir), competition.id).leaderboard
    source = leaderboard_path(competition, data_dir, download=download)
    if source != dest:
        pin = competition.leaderboard
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f"{dest.name}.part{os.getpid()}")
        try:
            shutil.copyfile(source, tmp)
            verify(tmp, pin.sha256, pin.size, f"leaderboard of {competition.id}")
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
    return dest


def _download(url: str, dest: Path, sha256: str, size: int, what: str, places: str) -> None:
    """Fetch into a temporary file, verify it, then rename: a wrong download never lands in the cache.

    Any failure to get an answer (no network, HTTP error) is a `LeaderboardMissingError`; a wrong file is a
    `ChecksumError`, never taken for a missing one.
    """
    fix = "run `mlebench leaderboard ID --data-dir DIR` where there is network, or place the verified file there"
    try:
        response = requests.get(url, timeout=60)
    except requests.RequestException as exc:
        raise LeaderboardMissingError(
            f"The {what} is not {places}, and downloading it from {url} failed ({type(exc).__name__}); "
            f"check the network, or {fix}."
        ) from exc
    if response.status_code != 200:
        raise LeaderboardMissingError(
            f"The {what} is not {places}, and downloading it from {url} answered HTTP {response.status_code}; {fix}."
        )
    tmp = dest.with_name(f"{dest.name}.part{os.getpid()}")
    try:
        tmp.write_bytes(response.content)
        verify(tmp, sha256, size, what)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def load_scores(competition: Competition, data_dir: Path | None = None, *, download: bool = True) -> list[float]:
    """Leaderboard scores in file order, best team first (NaN for a row without a score), after checking the
    declared direction agrees."""
    path = leaderboard_path(competition, data_dir, download=download)
    frame = pd.read_csv(path)
    if "score" not in frame.columns:
        raise ConfigError(f"{path}: leaderboard has no 'score' column (expected Kaggle's {', '.join(COLUMNS)}).")
    scores = [float(s) for s in frame["score"].tolist()]
    check_direction(scores, competition.is_lower_better, f"{competition.folder / 'config.yaml'}")
    return scores


def scores_or_missing(competition: Competition, data_dir: Path | None = None) -> tuple[list[float] | None, str | None]:
    """(scores, None), or (None, a one-sentence note) where the leaderboard is missing and cannot be fetched."""
    try:
        return load_scores(competition, data_dir), None
    except LeaderboardMissingError as exc:
        text = str(exc)
        return None, f"Medals unknown: {text[:1].lower()}{text[1:]}"
