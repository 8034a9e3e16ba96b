"""data.formats.bson_documents: bytes against the BSON specification written by hand, and the round trip."""

import io
import struct

import pytest

from pytest_mlebench.data.formats.bson_documents import encode_document, iter_documents, write_documents

bson = pytest.importorskip("bson", reason="pymongo's bson package")


def hand_document(key: str, value: int) -> bytes:
    """{key: value} with value an int32: total length, element type 0x10, cstring key, little-endian value, 0x00."""
    body = b"\x10" + key.encode() + b"\x00" + struct.pack("<i", value) + b"\x00"
    return struct.pack("<i", 4 + len(body)) + body


def test_encoding_matches_the_specification():
    assert encode_document({"a": 1}) == hand_document("a", 1) == b"\x0c\x00\x00\x00\x10a\x00\x01\x00\x00\x00\x00"


def test_documents_stream_in_order_and_round_trip_byte_for_byte():
    raw = (hand_document("_id", 7) + hand_document("_id", -3)
           + bson.encode({"_id": 2, "n": bson.int64.Int64(5), "imgs": [{"picture": b"\xff\xd8"}]}))
    documents = list(iter_documents(io.BytesIO(raw)))
    assert [d["_id"] for d in documents] == [7, -3, 2]
    assert isinstance(documents[2]["n"], bson.int64.Int64)  # int64 stays int64: same bytes when re-encoded
    out = io.BytesIO()
    assert write_documents(out, documents) == 3
    assert out.getvalue() == raw


def test_files_by_path(tmp_path):
    write_documents(tmp_path / "x.bson", [{"k": 1}, {"k": 2}])
    assert [d["k"] for d in iter_documents(tmp_path / "x.bson")] == [1, 2]
