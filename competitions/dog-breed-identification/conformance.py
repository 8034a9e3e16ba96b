"""Answers to the conformance suite: tiny raw data in Kaggle's layout (labels.csv, train/<id>.jpg)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BREEDS = (Path(__file__).parent / "breeds.txt").read_text().split()
BEST_SCORE = 0.0
PUBLIC_TEST = "test"  # no public test CSV: the test ids are the image names in test/
PUBLIC_TRAIN = "labels.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/labels.csv, raw/train/<id>.jpg, and Kaggle's unused test/ and sample_submission.csv."""
    ids = [f"{value:032x}" for value in rng.integers(0, 2**62, size=rows + 3)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    breeds = rng.choice(BREEDS[:10], size=rows)
    for folder, names in (("train", train_ids), ("test", test_ids)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (raw / folder / f"{name}.jpg").write_bytes(noise_image(rng, (4, 4, 3), "JPEG"))
    pd.DataFrame({"id": train_ids, "breed": breeds}).to_csv(raw / "labels.csv", index=False)
    pd.DataFrame({"id": test_ids, **{b: 1 / len(BREEDS) for b in BREEDS}}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({b: float for b in BREEDS})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones of the submission schema."""
    out_of_range = sample.copy()
    # Rows still sum to 1, so only the range check can refuse it.
    out_of_range[BREEDS[0]] = sample[BREEDS[0]] + 0.5
    out_of_range[BREEDS[1]] = sample[BREEDS[1]] - 0.5
    return {
        "missing breed column": sample.drop(columns=[BREEDS[-1]]),
        "rows do not sum to 1": sample.assign(**{BREEDS[0]: 0.5}),
        "probability out of range": out_of_range,
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing breed column": r"Submission is missing column\(s\) \['yorkshire_terrier'\]\.",
    "rows do not sum to 1": r"Each row's class probabilities must sum to 1\.",
    "probability out of range": r"Column '.*' must be within \[0, 1\]\.",
}
