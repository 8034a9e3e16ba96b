"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_v2.txt.zip, the unused test_v2.txt.zip)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 0.0
PUBLIC_TEST = "test_v2.txt.zip"
PUBLIC_TRAIN = None  # training lines carry no ids
LINES = 900
PREPARE_CONSTANTS = {"TOTAL_LINES": LINES}  # Kaggle's 30,301,028 lines, scaled to the tiny raw file

WORDS = ["the", "a", "market", "said", "on", "Tuesday", ",", ".", "it", "\"", "'s", "of", "rose", "2.5", "%"]


def sentences(rng: np.random.Generator, count: int) -> list[str]:
    """Tokenised sentences of 1 to 12 words; some with a tab or a double space inside, some with quotes."""
    lines = []
    for n in range(count):
        words = list(rng.choice(WORDS, size=int(rng.integers(1, 13))))
        line = " ".join(words)
        if n % 2 == 0 and len(words) > 3:
            line = line.replace(" ", "  ", 1)
        if n % 3 == 0 and len(words) > 3:
            line = line.replace(" ", "\t", 1)
        lines.append(line)
    return lines


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(raw / "train_v2.txt.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("train_v2.txt", "".join(f"{s}\n" for s in sentences(rng, LINES)))
    test = "".join(f'{i},"{s}"\n' for i, s in enumerate(sentences(rng, 5)))
    with zipfile.ZipFile(raw / "test_v2.txt.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("test_v2.txt", '"id","sentence"\n' + test)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A sentence column holding only numbers is no text."""
    return {"numbers for sentences": sample.assign(sentence=np.arange(len(sample)) + 0.5)}


INVALID_REASONS = {"numbers for sentences": r"Column 'sentence' must hold text in every row\."}
