"""BSON files of concatenated documents (MongoDB dumps, Kaggle's Cdiscount data) through pymongo's `bson`.

Documents decode to dicts with the library's default codec options, so that re-encoding a document gives its
bytes back (key order kept, int64 values decoded as `bson.int64.Int64`). Nothing here parses BSON by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from pytest_mlebench.errors import PrerequisiteError


def _bson():
    try:
        import bson
    except ImportError as exc:
        raise PrerequisiteError("Reading BSON files needs pymongo's bson package; run `pip install pymongo`.") from exc
    return bson


def iter_documents(source: Path | str | BinaryIO) -> Iterator[dict[str, Any]]:
    """Each document of a BSON file, in file order, streamed (the file is never read whole)."""
    bson = _bson()
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield from bson.decode_file_iter(handle)
    else:
        yield from bson.decode_file_iter(source)


def encode_document(document: Mapping[str, Any]) -> bytes:
    """One document's BSON bytes (`bson.encode`, which `bson.BSON.encode` calls)."""
    return _bson().encode(document)


def write_documents(target: Path | str | BinaryIO, documents: Iterable[Mapping[str, Any]]) -> int:
    """Write `documents` one after the other; returns how many."""
    if isinstance(target, (str, Path)):
        with open(target, "wb") as handle:
            return write_documents(handle, documents)
    count = 0
    for document in documents:
        target.write(encode_document(document))
        count += 1
    return count
