"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, test.csv, sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
TARGETS = ["EC1", "EC2", "EC3", "EC4", "EC5", "EC6"]
# The answers file is the whole test split: its features are public, the six EC columns are the answers.
ANSWER_COLUMNS = TARGETS

FEATURES = ["BertzCT", "Chi1", "Chi1n", "Chi1v", "Chi2n", "Chi2v", "Chi3v", "Chi4n", "EState_VSA1", "EState_VSA2",
            "ExactMolWt", "FpDensityMorgan1", "FpDensityMorgan2", "FpDensityMorgan3", "HallKierAlpha",
            "HeavyAtomMolWt", "Kappa3", "MaxAbsEStateIndex", "MinEStateIndex", "NumHeteroatoms", "PEOE_VSA10",
            "PEOE_VSA14", "PEOE_VSA6", "PEOE_VSA7", "PEOE_VSA8", "SMR_VSA10", "SMR_VSA5", "SlogP_VSA3",
            "VSA_EState9", "fr_COO", "fr_COO2"]


def _features(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    values = {name: np.round(rng.uniform(-5, 500, size=len(ids)), 6) for name in FEATURES}
    values["NumHeteroatoms"] = rng.integers(0, 30, size=len(ids))
    values["fr_COO"] = rng.integers(0, 4, size=len(ids))
    values["fr_COO2"] = rng.integers(0, 4, size=len(ids))
    return pd.DataFrame({"id": ids, **values})


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """raw/train.csv (id, 31 features, EC1..EC6), and Kaggle's unused test.csv and sample_submission.csv."""
    # EC1 and EC2 follow the patterns 0101... and 0011... along train_test_split's permutation, so the tiny test
    # set holds both classes of each.
    order = np.random.RandomState(0).permutation(rows)
    train = _features(rng, np.arange(rows))
    for column, pattern in (("EC1", np.arange(rows) % 2), ("EC2", np.arange(rows) // 2 % 2)):
        label = np.empty(rows, dtype=int)
        label[order] = pattern
        train[column] = label
    for column in TARGETS[2:]:
        train[column] = rng.integers(0, 2, size=rows)
    raw.mkdir(parents=True, exist_ok=True)
    train.to_csv(raw / "train.csv", index=False)
    test = _features(rng, np.arange(rows, rows + 6))
    test.to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"id": test["id"], "EC1": 0.5, "EC2": 0.5}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "EC1", "EC2"]].astype({"EC1": float, "EC2": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    out = sample.copy()
    out.loc[0, "EC2"] = np.inf
    return {"infinite EC2": out, "missing EC2 column": sample.drop(columns=["EC2"])}


INVALID_REASONS = {
    "infinite EC2": r"Column 'EC2' must hold finite numbers",
    "missing EC2 column": r"Submission is missing column\(s\) \['EC2'\]\.",
}
