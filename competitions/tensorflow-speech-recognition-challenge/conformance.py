"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.7z of train/audio/<word>/*.wav clips,
long _background_noise_ recordings and the dataset's text files; the unused test.7z and sample_submission.csv)."""

import io
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.archives import write_archive
from pytest_mlebench.data.formats.audio import write_audio

BEST_SCORE = 1.0
PUBLIC_TEST = "test/audio"
PUBLIC_TRAIN = None  # test clips are renamed clip_<index>.wav; train keeps Kaggle's names
WORDS = ["yes", "no", "bed", "marvin", "zero"]
RATE = 16000


def _wav(rng: np.random.Generator, frames: int) -> bytes:
    buffer = io.BytesIO()
    write_audio(buffer, rng.integers(-3000, 3000, size=frames).astype(np.int16), RATE, format="WAV")
    return buffer.getvalue()


def make_raw(raw: Path, rng: np.random.Generator, per_word: int = 8) -> None:
    """raw/train.7z, raw/test.7z, raw/sample_submission.csv, raw/link_to_gcp_credits_form.txt."""
    raw.mkdir(parents=True, exist_ok=True)
    speakers = [f"{value:08x}" for value in rng.choice(16**8, size=per_word, replace=False)]
    members: dict[str, bytes] = {
        "train/LICENSE": b"Creative Commons BY 4.0\n",
        "train/README.md": b"Speech Commands Data Set v0.01\n",
    }
    listed = []
    for word in WORDS:
        for n, speaker in enumerate(speakers):
            # The same speaker hash appears under every word, as in Kaggle's data (speakers are not split).
            name = f"{speaker}_nohash_{n % 2}.wav"
            members[f"train/audio/{word}/{name}"] = _wav(rng, 160)
            listed.append(f"{word}/{name}")
    for name in ("white_noise.wav", "running_tap.wav"):
        members[f"train/audio/_background_noise_/{name}"] = _wav(rng, 800)
    members["train/audio/_background_noise_/README.md"] = b"Longer noise recordings.\n"
    members["train/validation_list.txt"] = ("\n".join(listed[::7]) + "\n").encode()
    members["train/testing_list.txt"] = ("\n".join(listed[3::7]) + "\n").encode()
    write_archive(raw / "train.7z", members)
    test_names = [f"clip_{value:09x}.wav" for value in rng.choice(16**9, size=4, replace=False)]
    write_archive(raw / "test.7z", {f"test/audio/{name}": _wav(rng, 160) for name in test_names})
    pd.DataFrame({"fname": test_names, "label": "silence"}).to_csv(raw / "sample_submission.csv", index=False)
    (raw / "link_to_gcp_credits_form.txt").write_text("https://example.invalid/credits\n")


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones: labels that are numbers, not text."""
    return {"numeric labels": sample.assign(label=7)}


INVALID_REASONS = {"numeric labels": r"Column 'label' must hold text labels \(not numbers\)\."}
