"""spaceship-titanic: accuracy against hand values, the 10% split, and scikit-learn's label rules MLE-bench keeps."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "spaceship-titanic"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("spaceship")
    module.make_raw(root / "raw", np.random.default_rng(5))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"PassengerId": ["0001_01", "0002_01", "0002_02", "0003_01"],
                         "HomePlanet": ["Earth", "Mars", "Mars", "Europa"],
                         "Transported": [True, False, True, False]})


def test_accuracy_matches_hand_value(competition):
    answers = small_answers()
    sub = pd.DataFrame({"PassengerId": ["0003_01", "0001_01", "0002_02", "0002_01"],
                        "Transported": [True, True, False, False]})
    # By id: 0001_01 right, 0002_01 right, 0002_02 wrong, 0003_01 wrong -> 2 of 4.
    assert score_frames(competition, sub, answers) == pytest.approx(0.5)
    assert score_frames(competition, answers[["PassengerId", "Transported"]], answers) == 1.0


def test_integer_labels_compare_as_booleans(competition):
    # Parity: scikit-learn compares 1 == True, and a third label is merely wrong.
    answers = small_answers()
    assert score_frames(competition, answers.assign(Transported=[1, 0, 1, 0])[["PassengerId", "Transported"]],
                        answers) == 1.0
    assert score_frames(competition, answers.assign(Transported=[1, 0, 2, 0]), answers) == pytest.approx(0.75)


def test_extra_columns_are_ignored(competition):
    answers = small_answers()
    assert score_frames(competition, answers.assign(note="x"), answers) == 1.0


@pytest.mark.parametrize("values", [
    [True, np.nan, True, False],
    ["yes", "no", "yes", "no"],
    [0.9, 0.1, 0.8, 0.2],
    [True, "maybe", False, 1],
], ids=["missing", "text", "fractions", "mixed"])
def test_labels_scikit_learn_refuses_are_invalid(competition, values):
    answers = small_answers()
    sub = pd.DataFrame({"PassengerId": answers["PassengerId"], "Transported": pd.Series(values, dtype=object)})
    with pytest.raises(InvalidSubmissionError, match="Transported"):
        score_frames(competition, sub, answers)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * len(raw))
    perm = np.random.RandomState(0).permutation(len(raw))
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(answers.columns) == list(train.columns) == list(raw.columns)
    assert list(test.columns) == [c for c in raw.columns if c != "Transported"]
    assert answers["PassengerId"].tolist() == raw.loc[perm[:n_test], "PassengerId"].tolist()
    assert train["PassengerId"].tolist() == raw.loc[perm[n_test:], "PassengerId"].tolist()
    assert test["PassengerId"].tolist() == answers["PassengerId"].tolist()
    assert list(sample.columns) == ["PassengerId", "Transported"]
    assert sample["PassengerId"].tolist() == answers["PassengerId"].tolist()
    assert not sample["Transported"].any()
    raw_lines = set((prepared / "raw" / "train.csv").read_text().splitlines()[1:])
    assert set((prepared / "private" / "test.csv").read_text().splitlines()[1:]) <= raw_lines
