"""Each competition's reference notebooks (its top public Kaggle notebooks, listed in `reference_kernels.json`):
pulled once with the `kaggle` client into `<data-dir>/<id>/reference_kernels/`, read back as source text.
"""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.integrity.evidence import SourceText
from pytest_mlebench.integrity.notebooks import notebook_source, notebook_suffix
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.results import read_json, write_json_atomic

REFERENCE_FILE = Path(__file__).with_name("reference_kernels.json")
CACHE_FOLDER = "reference_kernels"
MISSING_FILE = "missing.json"
SOURCE_SUFFIXES = (".ipynb", ".py", ".r", ".rmd", ".jl")

Puller = Callable[[str, Path], None]  # (owner/slug, empty folder) -> the notebook's file(s) in the folder


@dataclasses.dataclass(frozen=True)
class ReferenceSet:
    """The reference notebooks of one competition that could be read, and why the others could not."""

    competition_id: str
    sources: tuple[SourceText, ...]  # named owner/slug plus a suffix for the language: .py, .r
    missing: dict[str, str]  # owner/slug -> reason

    @property
    def listed(self) -> int:
        return len(self.sources) + len(self.missing)


def reference_refs(competition_id: str) -> list[str]:
    """The owner/slug refs of a competition's reference notebooks (empty when none are listed)."""
    return list(read_json(REFERENCE_FILE)["kernels"].get(competition_id, []))


def cache_dir(data_dir: Path, competition_id: str) -> Path:
    return DataLayout(Path(data_dir), competition_id).root / CACHE_FOLDER


def cache_name(ref: str) -> str:
    """'owner/slug' -> 'owner__slug', a folder name that keeps the two parts apart."""
    return ref.replace("/", "__")


def kaggle_pull(ref: str, dest: Path) -> None:
    """`kaggle kernels pull owner/slug` into `dest`.

    Raises:
        PrerequisiteError: no credentials, or Kaggle refuses or lacks the notebook (one sentence each).
    """
    from pytest_mlebench.data.download import _authenticated_api, _quiet

    api = _authenticated_api()
    try:
        with _quiet():
            api.kernels_pull(ref, path=str(dest), metadata=False, quiet=True)
    except Exception as exc:  # noqa: BLE001 - the client raises requests' HTTP and network errors
        status = getattr(getattr(exc, "response", None), "status_code", None)
        raise PrerequisiteError(f"Kaggle could not send notebook {ref} ({f'HTTP {status}' if status else type(exc).__name__}).") from exc


def load_references(
    competition_id: str,
    data_dir: Path,
    refs: Sequence[str] | None = None,
    pull: Puller | None = kaggle_pull,
    refresh: bool = False,
) -> ReferenceSet:
    """Read every reference notebook, pulling those not cached yet (unless `pull` is None).

    A notebook that failed before is not asked for again unless `refresh`; once the credentials fail,
    the rest are not asked for either.
    """
    refs = reference_refs(competition_id) if refs is None else list(refs)
    cache = cache_dir(data_dir, competition_id)
    refs += local_refs(cache, refs)
    missing_path = cache / MISSING_FILE
    known_missing = {} if refresh or not missing_path.is_file() else dict(read_json(missing_path))
    sources, missing = [], {}
    blocked = None
    for ref in refs:
        folder = cache / cache_name(ref)
        if not _notebook_files(folder):
            if ref in known_missing:
                missing[ref] = known_missing[ref]
                continue
            if pull is None or blocked:
                missing[ref] = blocked or "not cached and downloading is off"
                continue
            try:
                _pull_atomically(pull, ref, folder)
            except PrerequisiteError as exc:
                missing[ref] = str(exc)
                if "credential" in str(exc).lower():
                    blocked = str(exc)
                continue
        source = _read_source(folder)
        if source is None:
            missing[ref] = "the pulled files hold no notebook or script"
        else:
            sources.append(SourceText(ref + source[1], source[0]))
    stored = {ref: why for ref, why in missing.items() if not why.startswith(("not cached", "No usable"))}
    if stored or missing_path.is_file():
        write_json_atomic(missing_path, stored)
    return ReferenceSet(competition_id, tuple(sources), missing)


def local_refs(cache: Path, listed: Sequence[str]) -> list[str]:
    """Notebooks a user put in the cache by hand (`<cache>/<owner>__<slug>/x.ipynb`): references too, which
    is how a competition without listed notebooks (the practice ones) gets some."""
    if not cache.is_dir():
        return []
    names = {cache_name(ref) for ref in listed}
    return [p.name.replace("__", "/", 1) for p in sorted(cache.iterdir())
            if p.is_dir() and not p.name.startswith(".") and p.name not in names and _notebook_files(p)]


def _pull_atomically(pull: Puller, ref: str, folder: Path) -> None:
    tmp = folder.with_name(f".{folder.name}.tmp-{uuid.uuid4().hex}")
    tmp.mkdir(parents=True)
    try:
        pull(ref, tmp)
        if not _notebook_files(tmp):
            raise PrerequisiteError(f"Kaggle sent no notebook or script for {ref}.")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _notebook_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)


def _read_source(folder: Path) -> tuple[str, str] | None:
    """(source, suffix naming its language): code cells of an .ipynb, or a script as it is."""
    for path in _notebook_files(folder):
        text = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix.lower() != ".ipynb":
            return text, path.suffix.lower()
        try:
            return notebook_source(text), notebook_suffix(text)
        except ValueError:
            continue
    return None
