"""Raw competition data from Kaggle through the `kaggle` package, with one-sentence errors for what users hit.

Written against kaggle 2.x: its package import already tries to authenticate and prints help to stdout,
its `authenticate()` calls `exit(1)` without credentials, and its client errors are `requests` exceptions
that carry the HTTP response.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import uuid
from pathlib import Path

from pytest_mlebench.errors import PrerequisiteError

RULES_URL = "https://www.kaggle.com/c/{id}/rules"
CREDENTIALS_HELP = (
    "set KAGGLE_API_TOKEN (or KAGGLE_USERNAME and KAGGLE_KEY, or put kaggle.json in ~/.kaggle/; "
    "see https://www.kaggle.com/docs/api), or place the raw files in the data dir by hand"
)


def download_competition_zip(competition_id: str, dest_dir: Path) -> Path:
    """Download Kaggle's `<competition_id>.zip` into `dest_dir` and return its path.

    The archive lands in a private temporary folder first and is renamed into place when complete, so an
    interrupted download never leaves a partial `<id>.zip` that a later run would take for the archive.
    """
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    api = _authenticated_api()
    tmp = dest_dir / f".download-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        try:
            with _quiet():
                api.competition_download_files(competition_id, path=str(tmp), quiet=True)
        except Exception as exc:  # noqa: BLE001 - the client raises requests' HTTP and network errors
            raise _explain(exc, competition_id) from exc
        archive = tmp / f"{competition_id}.zip"
        if not archive.is_file():
            got = sorted(p.name for p in tmp.iterdir())
            raise PrerequisiteError(f"Kaggle sent no zip archive for {competition_id} (got {got or 'nothing'}).")
        path = dest_dir / archive.name
        os.replace(archive, path)
        return path
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclasses.dataclass(frozen=True)
class DownloadAccess:
    """What Kaggle's download endpoint answered for one competition, without anything being downloaded."""

    competition_id: str
    status: int | None  # the endpoint's HTTP status: 200 (allowed), 403 (rules not accepted), 404; None: unreachable
    size: int | None = None  # bytes of the archive Kaggle would send, where its storage says
    reason: str = ""  # one sentence where the download would fail

    @property
    def allowed(self) -> bool:
        return self.status == 200

    @property
    def rules_pending(self) -> bool:
        return self.status == 403


def check_download_access(competition_ids: list[str]) -> list[DownloadAccess]:
    """Ask Kaggle, per competition, whether this account may download it; download nothing.

    kaggle 2.x has no "may I download" call. `competition_download_files` is two steps: `DownloadDataFiles`
    answers 403 where the rules are not accepted, else a redirect to a signed storage URL, which the client
    follows with a streamed GET before it reads any of the body. Only that first step runs here: the streamed
    response's headers (the archive's size) are read and the response is closed with its body unread.
    Missing or rejected credentials raise `PrerequisiteError` once, for the whole list.
    """
    from kagglesdk.competitions.types.competition_api_service import ApiDownloadDataFilesRequest

    api = _authenticated_api()
    answers = []
    with _quiet(), api.build_kaggle_client() as kaggle:
        for competition_id in competition_ids:
            request = ApiDownloadDataFilesRequest()
            request.competition_name = competition_id
            try:
                response = kaggle.competitions.competition_api_client.download_data_files(request)
            except Exception as exc:  # noqa: BLE001 - the client raises requests' HTTP and network errors
                status = getattr(getattr(exc, "response", None), "status_code", None)
                if status == 401:
                    raise _explain(exc, None) from exc
                answers.append(DownloadAccess(competition_id, status, reason=str(_explain(exc, competition_id))))
                continue
            with contextlib.closing(response):
                length = response.headers.get("Content-Length")
                answers.append(DownloadAccess(competition_id, 200, int(length) if length and length.isdigit() else None))
    return answers


def has_credentials() -> bool:
    """Whether the kaggle client would find credentials (without contacting Kaggle)."""
    if os.environ.get("KAGGLE_API_TOKEN") or (os.environ.get("KAGGLE_USERNAME") and os.environ.get("KAGGLE_KEY")):
        return True
    dirs = [Path(os.environ["KAGGLE_CONFIG_DIR"])] if os.environ.get("KAGGLE_CONFIG_DIR") else []
    dirs += [Path.home() / ".kaggle", Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "kaggle"]
    names = ("kaggle.json", "access_token", "credentials.json")
    return any((folder / name).is_file() for folder in dirs for name in names)


@contextlib.contextmanager
def _quiet():
    """Swallow what the client prints to stdout (auth help, progress), which would corrupt our CLI output."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def _authenticated_api():
    try:
        with _quiet():  # importing `kaggle` authenticates once and prints help when that fails
            from kaggle.api.kaggle_api_extended import KaggleApi
    except ImportError as exc:  # pragma: no cover - kaggle is a dependency
        raise PrerequisiteError("The `kaggle` package is missing: pip install kaggle.") from exc
    api = KaggleApi()
    try:
        with _quiet():
            api.authenticate()
    except SystemExit as exc:  # kaggle 2.x exits(1) when no credential works
        raise PrerequisiteError(f"No usable Kaggle credentials: {CREDENTIALS_HELP}.") from exc
    except Exception as exc:  # noqa: BLE001 - a token check contacts Kaggle and can fail on the network
        raise _explain(exc, None) from exc
    return api


def _explain(exc: Exception, competition_id: str | None) -> PrerequisiteError:
    """One sentence for a failed call, by the HTTP status the client attached to the exception."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    what = f"the data of {competition_id}" if competition_id else "the credentials"
    if status == 403 and competition_id:
        return PrerequisiteError(
            f"Kaggle refused the download of {competition_id}: accept the competition's rules at "
            f"{RULES_URL.format(id=competition_id)} with the account of your credentials, then retry."
        )
    if status == 401 or (status == 403 and not competition_id):
        return PrerequisiteError(f"Kaggle rejected the credentials (HTTP {status}): {CREDENTIALS_HELP}.")
    if status == 404 and competition_id:
        return PrerequisiteError(f"Kaggle has no competition named {competition_id} (HTTP 404).")
    if status is not None:
        return PrerequisiteError(f"Kaggle answered HTTP {status} when asked for {what}; try again later.")
    return PrerequisiteError(
        f"Could not reach Kaggle for {what} ({type(exc).__name__}): check the network connection, "
        "or place the raw files in the data dir by hand."
    )
