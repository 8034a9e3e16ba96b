"""playground-series-s3e18: macro AUC of EC1 and EC2 against hand values, no range check, the 10% split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "playground-series-s3e18"
TARGETS = ["EC1", "EC2", "EC3", "EC4", "EC5", "EC6"]


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("s3e18")
    module.make_raw(root / "raw", np.random.default_rng(10), rows=50)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": [7, 3, 5, 1], "f": [0.1, 0.2, 0.3, 0.4], "EC1": [1, 0, 1, 0], "EC2": [1, 1, 0, 0],
                         "EC3": [0, 0, 0, 1], "EC4": 0, "EC5": 1, "EC6": 0})


def test_macro_auc_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    sub = pd.DataFrame({"id": [7, 3, 5, 1], "EC1": [0.9, 0.4, 0.3, 0.1], "EC2": [0.2, 0.8, 0.5, 0.6]})
    # EC1: positives 0.9, 0.3 vs negatives 0.4, 0.1 -> pairs won 2 + 1 = 3 of 4 -> 0.75.
    # EC2: positives 0.2, 0.8 vs negatives 0.5, 0.6 -> pairs won 0 + 2 = 2 of 4 -> 0.5. Mean 0.625.
    assert roc_auc_score(answers[["EC1", "EC2"]], sub[["EC1", "EC2"]], average="macro") == pytest.approx(0.625)
    assert score_frames(competition, sub, answers) == pytest.approx(0.625)
    assert score_frames(competition, sub.iloc[[2, 0, 3, 1]], answers) == pytest.approx(0.625)


def test_scores_outside_unit_interval_and_extra_targets_are_accepted(competition):
    # Parity: no range check; EC3-EC6 in a submission are ignored.
    answers = small_answers()
    sub = pd.DataFrame({"id": [7, 3, 5, 1], "EC1": [90.0, 40.0, 30.0, -10.0], "EC2": [2.0, 8.0, 5.0, 6.0],
                        "EC3": 0.5, "EC6": "x"})
    assert score_frames(competition, sub, answers) == pytest.approx(0.625)


@pytest.mark.parametrize("value", [np.nan, np.inf, "high"])
def test_nan_infinity_or_text_is_invalid(competition, value):
    answers = small_answers()
    sub = pd.DataFrame({"id": [7, 3, 5, 1], "EC1": [0.9, 0.4, 0.3, 0.1], "EC2": pd.Series([0.2, 0.8, 0.5, 0.6],
                                                                                         dtype=object)})
    sub.loc[1, "EC2"] = value
    with pytest.raises(InvalidSubmissionError, match="EC2"):
        score_frames(competition, sub, answers)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    assert len(raw.columns) == 38
    n_test = math.ceil(0.1 * len(raw))
    perm = np.random.RandomState(0).permutation(len(raw))
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(answers.columns) == list(train.columns) == list(raw.columns)
    assert list(test.columns) == [c for c in raw.columns if c not in TARGETS]
    assert answers["id"].tolist() == raw.loc[perm[:n_test], "id"].tolist() == test["id"].tolist()
    assert train["id"].tolist() == raw.loc[perm[n_test:], "id"].tolist()
    assert list(sample.columns) == ["id", "EC1", "EC2"]
    assert sample["id"].tolist() == answers["id"].tolist()
    assert (sample[["EC1", "EC2"]] == 0.5).all().all()
