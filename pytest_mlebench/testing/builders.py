"""Synthetic raw data shared by competitions' conformance.py files and the tests: noise images, DICOM files,
TFRecord shards and archives, each written through `pytest_mlebench.data.formats` or Pillow.

Each builder draws from the caller's generator in a fixed order, so a competition's data stays the same.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
from PIL import Image

from pytest_mlebench.data.formats.dicom import write_dicom
from pytest_mlebench.data.formats.tfrecord import serialize_example, write_records


def noise_image(rng: np.random.Generator, shape: tuple[int, ...], image_format: str) -> bytes:
    """An image of uniform random uint8 pixels (shape (h, w) grey or (h, w, 3) RGB) encoded by Pillow
    ('JPEG', 'PNG', 'TIFF', 'BMP', ...)."""
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, size=shape, dtype=np.uint8)).save(buffer, format=image_format)
    return buffer.getvalue()


def dicom_bytes(pixels: np.ndarray, sop_instance_uid: str, **attributes: object) -> bytes:
    """A minimal valid DICOM file of `pixels` (see `data.formats.dicom.write_dicom`)."""
    buffer = io.BytesIO()
    write_dicom(buffer, pixels, sop_instance_uid=sop_instance_uid, attributes=attributes)
    return buffer.getvalue()


def tfrecord_bytes(examples: Sequence[Mapping[str, Sequence]]) -> bytes:
    """A TFRecord shard of one tf.train.Example per mapping (see `data.formats.tfrecord.serialize_example`)."""
    buffer = io.BytesIO()
    write_records(buffer, (serialize_example(features) for features in examples))
    return buffer.getvalue()
