"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train/<species>/<file>.png, test/)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
# No public CSV lists either side: train files sit under train/<species>/, test files in test/.
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"

SPECIES = ["Black-grass", "Charlock", "Cleavers", "Common Chickweed", "Common wheat", "Fat Hen",
           "Loose Silky-bent", "Maize", "Scentless Mayweed", "Shepherds Purse", "Small-flowered Cranesbill",
           "Sugar beet"]


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 50) -> None:
    """raw/train/<species>/<9 hex>.png (every species), and Kaggle's unused test/ and sample_submission.csv.

    rows = 50 makes 0.14 * rows = 7.000000000000001, so the float quirk of the real split (8 test images) shows.
    """
    names = [f"{value:09x}.png" for value in rng.choice(16**9, size=rows + 3, replace=False)]
    species = [SPECIES[i % len(SPECIES)] for i in range(rows)]
    for name, kind in zip(names[:rows], species, strict=True):
        (raw / "train" / kind).mkdir(parents=True, exist_ok=True)
        (raw / "train" / kind / name).write_bytes(noise_image(rng, (3, 3, 3), "PNG"))
    (raw / "train" / "notes.txt").write_text("not a species folder")  # ignored: not a directory
    (raw / "train" / "Maize" / "thumbs.db").write_bytes(b"")  # ignored: not a .png
    (raw / "test").mkdir()
    for name in names[rows:]:
        (raw / "test" / name).write_bytes(noise_image(rng, (3, 3, 3), "PNG"))
    pd.DataFrame({"file": names[rows:], "species": "Sugar beet"}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"class numbers as species": sample.assign(species=3)}


INVALID_REASONS = {"class numbers as species": r"Column 'species' must hold species names \(text\), not numbers\."}
