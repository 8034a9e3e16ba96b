"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, labels.csv, train/ and test/ PNGs)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test"  # no public test CSV: the image folder names the test ids
PUBLIC_TRAIN = "train.csv"
ATTRIBUTES = 12


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv (id, attribute_ids), labels.csv, train/<id>.png, and Kaggle's unused test/ and sample."""
    ids = [f"{value:032x}" for value in rng.choice(2**62, size=rows, replace=False)]
    # Two to four distinct attribute ids per image, space-separated in increasing order as Kaggle lists them.
    attributes = [
        " ".join(str(a) for a in sorted(rng.choice(ATTRIBUTES, size=rng.integers(2, 5), replace=False)))
        for _ in ids
    ]
    raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"id": ids, "attribute_ids": attributes}).to_csv(raw / "train.csv", index=False)
    names = [f"{'culture' if a < 4 else 'tag'}::name {a}" for a in range(ATTRIBUTES)]
    pd.DataFrame({"attribute_id": range(ATTRIBUTES), "attribute_name": names}).to_csv(
        raw / "labels.csv", index=False
    )
    test_ids = [f"{value:032x}" for value in rng.choice(2**62, size=3, replace=False)]
    for folder, names_ in (("train", ids), ("test", test_ids)):
        (raw / folder).mkdir(exist_ok=True)
        for image_id in names_:
            (raw / folder / f"{image_id}.png").write_bytes(noise_image(rng, (4, 5, 3), "PNG"))
    pd.DataFrame({"id": test_ids, "attribute_ids": "0 1 2"}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "attribute_ids"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    single_ids = sample.assign(attribute_ids=7)
    with_gap = sample.assign(attribute_ids=sample["attribute_ids"].astype(object))
    with_gap.loc[0, "attribute_ids"] = np.nan
    with_gap.loc[1:, "attribute_ids"] = 3.0
    return {"attribute ids read as numbers": single_ids, "numbers and empty cells": with_gap}


INVALID_REASONS = {
    "attribute ids read as numbers": r"Column 'attribute_ids' must hold space-separated ids as text\.",
    "numbers and empty cells": r"Column 'attribute_ids' must hold space-separated ids as text\.",
}
