"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train/<Id>.jpg, unused test)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

METADATA = ["Subject Focus", "Eyes", "Face", "Near", "Action", "Accessory", "Group", "Collage", "Human",
            "Occlusion", "Info", "Blur"]
BEST_SCORE = 0.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
# The answers file keeps the public metadata columns; only Pawpularity is an answer.
ANSWER_COLUMNS = ["Pawpularity"]


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv, raw/train/<Id>.jpg, and Kaggle's unused test/, test.csv and sample_submission.csv."""
    ids = [f"{value:032x}" for value in rng.choice(2**62, size=rows + 3, replace=False)]
    train_ids, test_ids = ids[:rows], ids[rows:]
    train = pd.DataFrame(rng.integers(0, 2, size=(rows, len(METADATA))), columns=METADATA)
    train.insert(0, "Id", train_ids)
    train["Pawpularity"] = rng.integers(1, 101, size=rows)
    for folder, names in (("train", train_ids), ("test", test_ids)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (raw / folder / f"{name}.jpg").write_bytes(noise_image(rng, (6, 5, 3), "JPEG"))
    train.to_csv(raw / "train.csv", index=False)
    test = pd.DataFrame(rng.integers(0, 2, size=(len(test_ids), len(METADATA))), columns=METADATA)
    test.insert(0, "Id", test_ids)
    test.to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"Id": test_ids, "Pawpularity": rng.uniform(1, 100, len(test_ids))}).to_csv(
        raw / "sample_submission.csv", index=False
    )


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Pawpularity"]].astype({"Pawpularity": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {
        "Pawpularity below 1": sample.assign(Pawpularity=0.99),
        "Pawpularity infinite": sample.assign(Pawpularity=np.inf),
    }


INVALID_REASONS = {
    "Pawpularity below 1": r"Column 'Pawpularity' must be within \[1, 100\]\.",
    "Pawpularity infinite": r"Column 'Pawpularity' must hold finite numbers",
}
