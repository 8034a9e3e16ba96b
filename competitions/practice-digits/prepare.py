"""Practice: handwritten digit images from scikit-learn's bundled 8x8 digits; 25% becomes the test set.

Every image is written as public/images/<id>.png (8-bit grayscale). The raw folder is ignored
(`raw_source: builtin`): the data ships with scikit-learn, so preparing needs no network.
"""

import struct
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
TEST_SIZE = 0.25
SAMPLE_LABEL = 0
IMAGES = "images"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def prepare(raw: Path, public: Path, private: Path) -> None:
    digits = load_digits()
    # The bundled images count ink from 0 to 16; spread that over the 0-255 range of an 8-bit PNG.
    pixels = (digits.images.astype(np.int64) * 255 + 8) // 16
    # Ids are a seeded shuffle: the bundled rows cycle through 0..9, so row numbers would leak the label.
    ids = np.random.RandomState(SEED).permutation(len(pixels))
    frame = pd.DataFrame({"id": ids, "label": digits.target})
    train, test = train_test_split(frame, test_size=TEST_SIZE, random_state=SEED, stratify=frame["label"])
    train, test = train.sort_values("id"), test.sort_values("id")
    images = public / IMAGES
    images.mkdir()
    for image_id, image in zip(ids, pixels, strict=True):
        (images / f"{image_id}.png").write_bytes(png_bytes(image))
    train.to_csv(public / "train.csv", index=False)
    test[["id"]].to_csv(public / "test.csv", index=False)
    test[["id"]].assign(label=SAMPLE_LABEL).to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)


def png_bytes(image: np.ndarray) -> bytes:
    """A grayscale 8-bit PNG of a 2-D array of 0..255 values.

    The image data goes in one stored (uncompressed) deflate block: compressed output differs between
    zlib builds (zlib, zlib-ng, Pillow's bundled one), stored bytes do not, so files are identical everywhere.
    """
    height, width = image.shape
    scanlines = b"".join(b"\x00" + row.astype(np.uint8).tobytes() for row in image)  # filter type 0: none
    if len(scanlines) > 0xFFFF:
        raise ValueError("png_bytes writes one stored block, which holds at most 65535 bytes.")
    stored = b"\x01" + struct.pack("<HH", len(scanlines), len(scanlines) ^ 0xFFFF) + scanlines
    idat = b"\x78\x01" + stored + struct.pack(">I", zlib.adler32(scanlines))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit depth, grayscale, no interlace
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
