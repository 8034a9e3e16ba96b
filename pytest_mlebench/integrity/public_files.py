"""The public data as the leakage audit reads it: tables (CSV, zipped CSV, JSON records), other text as
records of tokens (lines, JSON objects), and every path name (zip members included). Values stay text.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from pytest_mlebench.integrity.tfrecords import read_examples

MAX_TABLE_ROWS = 2_000_000  # larger tables are audited on their first rows (the taxi train has 55M)
MAX_TEXT_BYTES = 50_000_000
TABLE_SUFFIXES = (".csv", ".tsv")
TFRECORD_SUFFIXES = (".tfrec", ".tfrecord", ".tfrecords")
TEXT_SUFFIXES = (".txt", ".json", ".xml", ".yaml", ".yml", ".md", ".rtf", ".html", ".tsv", ".csv", ".log")
SKIPPED_NAMES = ("description.md",)  # written by us from the competition folder, not data
TOKEN_SPLIT = re.compile(r"[\s,;:|\"'\[\](){}=<>]+")


@dataclasses.dataclass(frozen=True)
class Table:
    name: str  # path under public/, or `archive.zip:member`
    frame: pd.DataFrame  # every value as text


@dataclasses.dataclass(frozen=True)
class TextRecords:
    """A non-table file as records of tokens: one per line, or one per JSON object."""

    name: str
    records: list[list[str]]


@dataclasses.dataclass
class PublicScan:
    tables: list[Table] = dataclasses.field(default_factory=list)
    texts: list[TextRecords] = dataclasses.field(default_factory=list)
    paths: list[str] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)  # 'name: why'


def scan_public(public: Path) -> PublicScan:
    """Read everything under `public/` that the audit can use."""
    scan = PublicScan()
    files = sorted(p for p in Path(public).rglob("*") if p.is_file())
    plain = {p.relative_to(public).as_posix(): p.stat().st_size for p in files}
    shards: dict[Path, list[Path]] = {}
    for path in files:
        name = path.relative_to(public).as_posix()
        scan.paths.append(name)
        if path.name in SKIPPED_NAMES:
            continue
        if path.suffix.lower() in TFRECORD_SUFFIXES:
            shards.setdefault(path.parent, []).append(path)
            continue
        if path.suffix.lower() == ".zip":
            _scan_zip(path, name, plain, scan)
            continue
        try:
            _scan_one(name, path.suffix.lower(), lambda p=path: p.open("rb"), path.stat().st_size, scan)
        except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            scan.skipped.append(f"{name}: unreadable ({type(exc).__name__})")
    for folder, paths in sorted(shards.items()):
        _scan_tfrecords(Path(public), folder, paths, scan)
    return scan


def _scan_tfrecords(public: Path, folder: Path, paths: list[Path], scan: PublicScan) -> None:
    """A folder's TFRecord shards as one table, so the test rows split over shards are seen together."""
    rows: list[dict[str, str]] = []
    name = (folder.relative_to(public) / "*.tfrec").as_posix()
    try:
        for path in paths:
            with path.open("rb") as handle:
                rows.extend(read_examples(handle))
            if len(rows) >= MAX_TABLE_ROWS:
                break
    except (OSError, ValueError) as exc:
        scan.skipped.append(f"{name}: unreadable ({exc})")
        return
    if rows:
        scan.tables.append(Table(name, pd.DataFrame(rows[:MAX_TABLE_ROWS]).fillna("")))


def _scan_zip(path: Path, name: str, plain: dict[str, int], scan: PublicScan) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        scan.skipped.append(f"{name}: not a readable zip archive")
        return
    with archive:
        folder = PurePosixPath(name).parent
        for info in archive.infolist():
            member = f"{name}:{info.filename}"
            scan.paths.append(member)
            if info.is_dir():
                continue
            # An archive of a file that also lies unpacked beside it (train.zip next to train.json) says nothing new.
            beside = (folder / PurePosixPath(info.filename).name).as_posix()
            if plain.get(beside) == info.file_size:
                continue
            inner = PurePosixPath(info.filename)
            suffix = inner.suffix.lower()
            try:
                _scan_one(member, suffix, lambda i=info: archive.open(i), info.file_size, scan)
            except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError, zipfile.BadZipFile) as exc:
                scan.skipped.append(f"{member}: unreadable ({type(exc).__name__})")


def _scan_one(name: str, suffix: str, opener, size: int, scan: PublicScan) -> None:
    if suffix in TABLE_SUFFIXES:
        with opener() as handle:
            frame = pd.read_csv(handle, dtype=str, keep_default_na=False, nrows=MAX_TABLE_ROWS,
                                sep="\t" if suffix == ".tsv" else ",")
        scan.tables.append(Table(name, frame))
        return
    if suffix == ".json" and size <= MAX_TEXT_BYTES:
        with opener() as handle:
            data = json.loads(handle.read().decode("utf-8"))
        frame = _records_frame(data)
        if frame is not None:
            scan.tables.append(Table(name, frame))
        else:
            scan.texts.append(TextRecords(name, [list(values) for values in _json_objects(data)]))
        return
    if suffix in TEXT_SUFFIXES and size <= MAX_TEXT_BYTES:
        with opener() as handle:
            text = handle.read().decode("utf-8")
        scan.texts.append(TextRecords(name, [TOKEN_SPLIT.split(line.strip()) for line in text.splitlines() if line.strip()]))
    elif suffix in TEXT_SUFFIXES:
        scan.skipped.append(f"{name}: over {MAX_TEXT_BYTES // 1_000_000} MB, not read")


def _records_frame(data: Any) -> pd.DataFrame | None:
    """A JSON list of flat objects as a table (random-acts-of-pizza's train.json); None for other shapes."""
    if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
        return None
    frame = pd.DataFrame(data[:MAX_TABLE_ROWS])
    return frame.map(_as_text) if len(frame.columns) else None


def _json_objects(data: Any) -> Iterator[list[str]]:
    """Each JSON object anywhere in `data` as the text of its scalar values; a mapping of scalars also
    yields each key with its value (an `{id: label}` file)."""
    if isinstance(data, dict):
        scalars = [(k, v) for k, v in data.items() if not isinstance(v, (dict, list))]
        if scalars:
            yield [_as_text(v) for _, v in scalars]
            for key, value in scalars:
                yield [str(key), _as_text(value)]
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _json_objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_objects(value)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV, or JSON lines (tensorflow2-question-answering's answers), with every value as text (the answers and
    sample submission, for the audit); a nested JSON value becomes its compact JSON text."""
    if Path(path).suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        return pd.DataFrame([{k: v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))
                              for k, v in record.items()} for record in records])
    return pd.read_csv(path, dtype=str, keep_default_na=False)
