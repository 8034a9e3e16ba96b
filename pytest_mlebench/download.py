"""Raw competition data from Kaggle through the `kaggle` package, with one-sentence errors for what users hit."""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.errors import PrerequisiteError

RULES_URL = "https://www.kaggle.com/c/{id}/rules"


def download_competition_zip(competition_id: str, dest_dir: Path) -> Path:
    """Download `<competition_id>.zip` into `dest_dir` and return its path."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    api = _authenticated_api()
    try:
        api.competition_download_files(competition_id, path=str(dest_dir), quiet=True)
    except Exception as exc:  # the client raises its own HTTP and network errors
        raise _explain(exc, competition_id) from exc
    path = dest_dir / f"{competition_id}.zip"
    if not path.is_file():
        raise PrerequisiteError(f"Kaggle returned no archive for {competition_id} in {dest_dir}.")
    return path


def _authenticated_api():
    try:
        from kaggle.api.kaggle_api_extended import KaggleApi
    except ImportError as exc:  # pragma: no cover - kaggle is a dependency
        raise PrerequisiteError("The `kaggle` package is missing: pip install kaggle.") from exc
    api = KaggleApi()
    try:
        api.authenticate()
    except (OSError, ValueError, SystemExit) as exc:
        raise PrerequisiteError(
            "No Kaggle credentials: put kaggle.json in ~/.kaggle/ or set KAGGLE_USERNAME and KAGGLE_KEY "
            "(see https://www.kaggle.com/docs/api), or place the raw files in the data dir by hand."
        ) from exc
    return api


def _explain(exc: Exception, competition_id: str) -> PrerequisiteError:
    text = str(exc)
    status = getattr(getattr(exc, "response", None), "status_code", None) or getattr(exc, "status", None)
    if status == 403 or "403" in text:
        return PrerequisiteError(
            f"Kaggle refused the download of {competition_id}: accept the competition's rules at "
            f"{RULES_URL.format(id=competition_id)} first."
        )
    if status == 401 or "401" in text:
        return PrerequisiteError("Kaggle rejected the credentials: check KAGGLE_USERNAME and KAGGLE_KEY.")
    if status == 404 or "404" in text:
        return PrerequisiteError(f"Kaggle has no competition named {competition_id}.")
    return PrerequisiteError(
        f"Could not download {competition_id} from Kaggle ({type(exc).__name__}): check the network connection."
    )
