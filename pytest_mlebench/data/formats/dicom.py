"""DICOM files through pydicom: read a dataset or its pixels, and write a minimal valid Part 10 file.

The writer exists for test data (secondary-capture images, explicit VR little endian, uncompressed); it
fixes the implementation UID and version name so that its bytes do not depend on the pydicom version.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage

IMPLEMENTATION_CLASS_UID = f"2.25.{uuid.uuid5(uuid.NAMESPACE_URL, 'pytest-mlebench').int}"
IMPLEMENTATION_VERSION_NAME = "PYTEST_MLEBENCH"


def read_dicom(source: Path | str | BinaryIO, *, pixels: bool = True) -> Dataset:
    """The dataset of a DICOM file (`pixels=False` stops before the pixel data, for headers only)."""
    return pydicom.dcmread(source, stop_before_pixels=not pixels)


def read_pixels(source: Path | str | BinaryIO) -> np.ndarray:
    """The pixel array of a DICOM file (rows x columns, or rows x columns x samples)."""
    return read_dicom(source).pixel_array


def write_dicom(
    target: Path | str | BinaryIO,
    pixels: np.ndarray,
    *,
    sop_instance_uid: str,
    attributes: Mapping[str, Any] | None = None,
) -> None:
    """Write a secondary-capture DICOM file of `pixels` (uint8 or uint16; 2-D grey or 3-D RGB).

    `attributes` are further elements by keyword (e.g. ``{"PatientName": "ISIC_0000001"}``).
    """
    pixels = np.ascontiguousarray(pixels)
    if pixels.dtype not in (np.uint8, np.uint16) or pixels.ndim not in (2, 3):
        raise ValueError(f"DICOM pixels must be a 2-D or 3-D uint8/uint16 array, got {pixels.ndim}-D {pixels.dtype}.")
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = sop_instance_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
    meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.preamble = b"\0" * 128
    dataset.SOPClassUID = SecondaryCaptureImageStorage
    dataset.SOPInstanceUID = sop_instance_uid
    for keyword, value in (attributes or {}).items():
        setattr(dataset, keyword, value)
    color = pixels.ndim == 3
    dataset.SamplesPerPixel = pixels.shape[2] if color else 1
    dataset.PhotometricInterpretation = "RGB" if color else "MONOCHROME2"
    if color:
        dataset.PlanarConfiguration = 0
    dataset.Rows, dataset.Columns = pixels.shape[:2]
    bits = pixels.dtype.itemsize * 8
    dataset.BitsAllocated, dataset.BitsStored, dataset.HighBit = bits, bits, bits - 1
    dataset.PixelRepresentation = 0
    dataset.PixelData = pixels.tobytes()
    dataset["PixelData"].VR = "OB" if bits == 8 else "OW"
    pydicom.dcmwrite(target, dataset, enforce_file_format=True)
