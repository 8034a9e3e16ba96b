"""TFRecord files of tf.train.Example records as rows of text, for the leakage audit (siim-isic-melanoma-
classification ships its test images as TFRecords that still carry their `target`). Standard library only:
the record framing and the three protobuf messages Example, Features and Feature.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

MAX_VALUE_BYTES = 256  # longer bytes values are images or blobs, not metadata


def read_examples(handle: BinaryIO) -> Iterator[dict[str, str]]:
    """Each Example's single-valued features as text (lists as comma-joined text, blobs left out)."""
    while True:
        header = handle.read(12)  # uint64 length, uint32 masked CRC of the length
        if len(header) < 12:
            return
        (length,) = struct.unpack("<Q", header[:8])
        payload = handle.read(length)
        handle.read(4)  # the payload's CRC: the audit reads, it does not validate
        if len(payload) < length:
            raise ValueError("truncated TFRecord")
        yield _example_row(payload)


def _example_row(example: bytes) -> dict[str, str]:
    row = {}
    for number, features in _fields(example):
        if number != 1 or not isinstance(features, bytes):
            continue
        for entry_number, entry in _fields(features):
            if entry_number != 1 or not isinstance(entry, bytes):
                continue
            parts = dict(_fields(entry))  # map entry: 1 = key, 2 = Feature
            key, feature = parts.get(1), parts.get(2)
            if isinstance(key, bytes) and isinstance(feature, bytes):
                value = _feature_text(feature)
                if value is not None:
                    row[key.decode("utf-8", errors="replace")] = value
    return row


def _feature_text(feature: bytes) -> str | None:
    for kind, body in _fields(feature):  # 1 = BytesList, 2 = FloatList, 3 = Int64List; each: 1 = values
        if not isinstance(body, bytes):
            continue
        if kind == 1:
            values = [v for n, v in _fields(body) if n == 1 and isinstance(v, bytes)]
            if any(len(v) > MAX_VALUE_BYTES for v in values):
                return None
            return ",".join(v.decode("utf-8", errors="replace") for v in values)
        if kind == 2:
            return ",".join(repr(f) for f in _floats(body))
        if kind == 3:
            return ",".join(str(i) for i in _ints(body))
    return None


def _floats(body: bytes) -> list[float]:
    out: list[float] = []
    for number, value in _fields(body):
        if number != 1 or not isinstance(value, bytes):
            continue
        # packed (one length-delimited run of 4-byte floats) or one fixed32 field per value
        out.extend(struct.unpack(f"<{len(value) // 4}f", value[: len(value) // 4 * 4]))
    return out


def _ints(body: bytes) -> list[int]:
    out: list[int] = []
    for number, value in _fields(body):
        if number != 1:
            continue
        if isinstance(value, int):
            out.append(_signed(value))
        else:  # packed varints
            pos = 0
            while pos < len(value):
                item, pos = _varint(value, pos)
                out.append(_signed(item))
    return out


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _fields(message: bytes) -> list[tuple[int, bytes | int]]:
    """(field number, value) of each field of a protobuf message; length-delimited and fixed values as bytes."""
    out: list[tuple[int, bytes | int]] = []
    pos = 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(message, pos)
            out.append((number, value))
            continue
        if wire == 1:
            size = 8
        elif wire == 5:
            size = 4
        elif wire == 2:
            size, pos = _varint(message, pos)
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, message[pos : pos + size]))
        pos += size
    return out


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated protobuf varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
