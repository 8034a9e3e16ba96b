"""TFRecord files of tf.train.Example records as rows of text, for the leakage audit (siim-isic-melanoma-
classification ships its test images as TFRecords that still carry their `target`). Read through
`data.formats.tfrecord`, CRC-checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pytest_mlebench.data.formats.tfrecord import FeatureValues
from pytest_mlebench.data.formats.tfrecord import read_examples as read_tfrecord_examples

MAX_VALUE_BYTES = 256  # longer bytes values are images or blobs, not metadata


def read_examples(handle: BinaryIO) -> Iterator[dict[str, str]]:
    """Each Example's features as text (lists as comma-joined text, blobs left out)."""
    for example in read_tfrecord_examples(handle):
        row = {key: _text(values) for key, values in example.items()}
        yield {key: value for key, value in row.items() if value is not None}


def _text(values: FeatureValues) -> str | None:
    if values and isinstance(values[0], bytes):
        if any(len(v) > MAX_VALUE_BYTES for v in values):
            return None
        return ",".join(v.decode("utf-8", errors="replace") for v in values)
    return ",".join(repr(v) if isinstance(v, float) else str(v) for v in values)
