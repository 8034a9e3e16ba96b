"""Answers to the conformance suite: tiny raw data in Kaggle's layout (Cover/, three stego folders, Test/)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.submission_checks import REASON_NOT_FINITE
from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "Test"  # no public CSV lists the test ids; the image folder does
PUBLIC_TRAIN = None  # train (00001.jpg..) and test (0001.jpg..) are numbered independently
PREPARE_CONSTANTS = {"TEST_SIZE": 8}
ALGORITHMS = ("JMiPOD", "JUNIWARD", "UERD")


def make_raw(raw: Path, rng: np.random.Generator, covers: int = 24) -> None:
    """raw/Cover/<nnnnn>.jpg and the stego versions under the same names, plus Kaggle's unused Test/ and sample."""
    names = [f"{k:05d}.jpg" for k in range(1, covers + 1)]
    for folder in ("Cover", *ALGORITHMS):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (raw / folder / name).write_bytes(noise_image(rng, (4, 4, 3), "JPEG"))
    (raw / "Test").mkdir(exist_ok=True)
    test_names = [f"{k:04d}.jpg" for k in range(3)]
    for name in test_names:
        (raw / "Test" / name).write_bytes(noise_image(rng, (4, 4, 3), "JPEG"))
    pd.DataFrame({"Id": test_names, "Label": 0}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"Label": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    infinite = sample.astype({"Label": float})
    infinite.loc[0, "Label"] = np.inf
    return {"infinite Label": infinite}


INVALID_REASONS = {"infinite Label": REASON_NOT_FINITE}
