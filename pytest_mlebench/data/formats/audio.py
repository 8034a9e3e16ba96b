"""Audio files (WAV, FLAC, AIFF, ...) through soundfile (libsndfile, bundled in its wheel)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
import soundfile

# Suffixes libsndfile does not map to a format itself (Kaggle's whale clips are .aif).
SUFFIX_FORMATS = {".aif": "AIFF", ".aifc": "AIFF"}


def read_audio(source: Path | str | BinaryIO, *, dtype: str = "float64") -> tuple[np.ndarray, int]:
    """(samples, sample rate): frames x channels, or frames for mono; `dtype='int16'` gives the raw PCM values."""
    samples, rate = soundfile.read(source, dtype=dtype)
    return samples, int(rate)


def write_audio(
    target: Path | str | BinaryIO, samples: np.ndarray, rate: int, *, format: str | None = None, subtype: str = "PCM_16"
) -> None:
    """Write `samples` (frames, or frames x channels) at `rate` Hz; the format comes from the file suffix
    unless given (required for a stream: 'WAV', 'FLAC', 'AIFF')."""
    if format is None and isinstance(target, (str, Path)):
        format = SUFFIX_FORMATS.get(Path(target).suffix.lower())
    soundfile.write(target, samples, rate, format=format, subtype=subtype)
