"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_labels.csv, train/a/b/c/<id>.png)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 0.0
PUBLIC_TEST = "test"
# The test ids are the names of images nested three folders deep (test/a/b/c/<id>.png), which the suite's
# reader of public folders does not walk; test_bms_molecular_translation.py checks train and test are disjoint.
PUBLIC_TRAIN = None
_FORMULAS = ["C13H20OS", "C21H30O4", "C24H23N5O4", "C17H24N2O4S", "C10H19N3O2", "C7H8O"]


def _inchi(rng: np.random.Generator) -> str:
    formula = _FORMULAS[int(rng.integers(len(_FORMULAS)))]
    atoms = rng.integers(1, 20, size=4)
    return f"InChI=1S/{formula}/c1-{atoms[0]}-{atoms[1]}(2){atoms[2]}-{atoms[3]}/h{atoms[0]}H,1-2H3"


def _images(folder: Path, ids: list[str], rng: np.random.Generator) -> None:
    for image_id in ids:
        path = folder / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(noise_image(rng, (5, 7), "PNG"))


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 30) -> None:
    """raw/train_labels.csv, raw/train/a/b/c/<id>.png, extra_approved_InChIs.csv, and the unused test/ and sample."""
    ids = [f"{value:012x}" for value in rng.choice(16**12, size=rows + 4, replace=False)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"image_id": train_ids, "InChI": [_inchi(rng) for _ in train_ids]}).to_csv(
        raw / "train_labels.csv", index=False)
    _images(raw / "train", train_ids, rng)
    _images(raw / "test", test_ids, rng)
    pd.DataFrame({"InChI": [_inchi(rng) for _ in range(5)]}).to_csv(raw / "extra_approved_InChIs.csv", index=False)
    pd.DataFrame({"image_id": test_ids, "InChI": "InChI=1S/H2O/h1H2"}).to_csv(raw / "sample_submission.csv",
                                                                             index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["image_id", "InChI"]]
