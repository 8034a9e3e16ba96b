"""TFRecord files of tf.train.Example records, without TensorFlow.

The record framing (length, masked CRC-32C of the length, payload, masked CRC-32C of the payload) is checked
with google-crc32c; the Example message is decoded and encoded by protobuf, from TensorFlow's
`example.proto` declared here as a descriptor in a private pool (no generated code to go stale against the
protobuf runtime, no clash with another copy of `tensorflow.Example` in the default pool).
"""

from __future__ import annotations

import numbers
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import google_crc32c
from google.protobuf import descriptor_pb2, descriptor_pool, message, message_factory

FeatureValues = list[bytes] | list[float] | list[int]
_MASK_DELTA = 0xA282EAD8


class TFRecordError(ValueError):
    """A TFRecord file that is truncated, fails a CRC check or holds a record that is no Example."""


def masked_crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli) of `data`, masked as TFRecord stores it (rotated right by 15, plus a constant)."""
    crc = google_crc32c.value(bytes(data))
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def iter_records(source: Path | str | BinaryIO, *, check_crc: bool = True) -> Iterator[bytes]:
    """Each record's payload, in file order; `TFRecordError` on a truncated file or a CRC mismatch."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield from _records(handle, str(source), check_crc)
    else:
        yield from _records(source, getattr(source, "name", "<stream>"), check_crc)


def _records(handle: BinaryIO, name: str, check_crc: bool) -> Iterator[bytes]:
    offset = 0
    while True:
        header = handle.read(12)
        if not header:
            return
        if len(header) < 12:
            raise TFRecordError(f"Truncated TFRecord header at byte {offset} of {name}.")
        length_bytes, (length_crc,) = header[:8], struct.unpack("<I", header[8:])
        if check_crc and length_crc != masked_crc32c(length_bytes):
            raise TFRecordError(f"Corrupt TFRecord length at byte {offset} of {name} (CRC mismatch).")
        (length,) = struct.unpack("<Q", length_bytes)
        payload = handle.read(length)
        footer = handle.read(4)
        if len(payload) < length or len(footer) < 4:
            raise TFRecordError(f"Truncated TFRecord record at byte {offset} of {name}.")
        if check_crc and struct.unpack("<I", footer)[0] != masked_crc32c(payload):
            raise TFRecordError(f"Corrupt TFRecord payload at byte {offset} of {name} (CRC mismatch).")
        offset += 16 + length
        yield payload


def write_records(target: Path | str | BinaryIO, records: Iterable[bytes]) -> None:
    """Write `records` framed as TFRecord (uncompressed)."""
    if isinstance(target, (str, Path)):
        with open(target, "wb") as handle:
            write_records(handle, records)
        return
    for record in records:
        length = struct.pack("<Q", len(record))
        target.write(length + struct.pack("<I", masked_crc32c(length)))
        target.write(bytes(record) + struct.pack("<I", masked_crc32c(record)))


def _example_class() -> type[message.Message]:
    """tf.train.Example from tensorflow/core/example/{example,feature}.proto (Example, Features, Feature)."""
    proto = descriptor_pb2.FileDescriptorProto(name="tensorflow/core/example/example.proto", package="tensorflow")
    proto.syntax = "proto3"
    repeated, optional = descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED, descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL
    kinds = descriptor_pb2.FieldDescriptorProto
    for name, kind in (("BytesList", kinds.TYPE_BYTES), ("FloatList", kinds.TYPE_FLOAT), ("Int64List", kinds.TYPE_INT64)):
        field = proto.message_type.add(name=name).field.add(name="value", number=1, label=repeated, type=kind)
        if kind != kinds.TYPE_BYTES:
            field.options.packed = True
    feature = proto.message_type.add(name="Feature")
    feature.oneof_decl.add(name="kind")
    for number, (name, type_name) in enumerate((("bytes_list", "BytesList"), ("float_list", "FloatList"), ("int64_list", "Int64List")), 1):
        feature.field.add(
            name=name, number=number, label=optional, type=kinds.TYPE_MESSAGE, type_name=f".tensorflow.{type_name}", oneof_index=0
        )
    features = proto.message_type.add(name="Features")
    features.field.add(name="feature", number=1, label=repeated, type=kinds.TYPE_MESSAGE, type_name=".tensorflow.Features.FeatureEntry")
    # Declared as a repeated entry message rather than a map (the same wire format), so that entries are
    # written in the caller's order whatever the protobuf runtime's map ordering; reading keeps the last.
    entry = features.nested_type.add(name="FeatureEntry")
    entry.field.add(name="key", number=1, label=optional, type=kinds.TYPE_STRING)
    entry.field.add(name="value", number=2, label=optional, type=kinds.TYPE_MESSAGE, type_name=".tensorflow.Feature")
    example = proto.message_type.add(name="Example")
    example.field.add(name="features", number=1, label=optional, type=kinds.TYPE_MESSAGE, type_name=".tensorflow.Features")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("tensorflow.Example"))


Example = _example_class()


def parse_example(record: bytes) -> dict[str, FeatureValues]:
    """A serialized tf.train.Example as {feature name: list of bytes, floats or ints}."""
    example = Example()
    try:
        example.ParseFromString(bytes(record))
    except message.DecodeError as exc:
        raise TFRecordError(f"TFRecord record is not a tf.train.Example: {exc}") from exc
    out: dict[str, FeatureValues] = {}
    for entry in example.features.feature:
        kind = entry.value.WhichOneof("kind")
        out[entry.key] = list(getattr(entry.value, kind).value) if kind else []
    return out


def serialize_example(features: Mapping[str, Sequence[bytes] | Sequence[float] | Sequence[int]]) -> bytes:
    """A tf.train.Example of `features` (bytes or str values -> BytesList, integers -> Int64List, other
    numbers -> FloatList), its features in the mapping's order."""
    example = Example()
    for key, values in features.items():
        values = list(values)
        entry = example.features.feature.add(key=key)
        feature = entry.value
        if values and all(isinstance(v, (bytes, str)) for v in values):
            feature.bytes_list.value.extend(v.encode() if isinstance(v, str) else v for v in values)
        elif values and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
            feature.int64_list.value.extend(int(v) for v in values)
        elif values and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
            feature.float_list.value.extend(float(v) for v in values)
        else:
            raise ValueError(f"Feature {key!r}: values must be all bytes/str, all integers or all numbers (got {values[:3]!r}).")
    return example.SerializeToString()


def read_examples(source: Path | str | BinaryIO, *, check_crc: bool = True) -> Iterator[dict[str, FeatureValues]]:
    """Every tf.train.Example of a TFRecord file, decoded by `parse_example`."""
    for record in iter_records(source, check_crc=check_crc):
        yield parse_example(record)


def write_examples(target: Path | str | BinaryIO, examples: Iterable[Mapping[str, Sequence]]) -> None:
    """A TFRecord file of one tf.train.Example per mapping (see `serialize_example`)."""
    write_records(target, (serialize_example(features) for features in examples))
