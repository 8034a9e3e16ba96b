"""AI4Code: the pooled Kendall tau against hand values and scipy, the family-wise greedy split, the sample."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "AI4Code"
TEST_NOTEBOOKS = 8


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("ai4code")
    module.make_raw(root / "raw", np.random.default_rng(5))
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TEST_NOTEBOOKS", TEST_NOTEBOOKS)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers_two_notebooks() -> pd.DataFrame:
    return pd.DataFrame({"id": ["nb1", "nb2"], "cell_order": ["a b c d", "x y"]})


def test_tau_is_pooled_over_notebooks(competition):
    answers = answers_two_notebooks()
    sub = pd.DataFrame({"id": ["nb2", "nb1"], "cell_order": ["y x", "b a c d"]})
    # nb1: one swapped pair of 4*3 = 12; nb2: one of 2*1 = 2. Pooled: 1 - 4 * 2 / 14 = 3/7.
    # A mean of per-notebook taus would give ((1 - 4/12) + (1 - 4/2)) / 2 = -1/6 instead.
    assert score_frames(competition, sub, answers) == pytest.approx(round(3 / 7, 5))


def test_single_notebook_equals_scipy(competition):
    truth = "c1 c2 c3 c4 c5 c6"
    predicted = "c3 c1 c2 c6 c5 c4"
    rank = {cell: i for i, cell in enumerate(predicted.split())}
    expected = kendalltau(range(6), [rank[c] for c in truth.split()]).statistic
    answers = pd.DataFrame({"id": ["nb"], "cell_order": [truth]})
    sub = pd.DataFrame({"id": ["nb"], "cell_order": [predicted]})
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("order", ["a b c", "a b c d d", "a b c e", "a a b c"])
def test_a_wrong_set_of_cells_is_invalid(competition, order):
    answers = answers_two_notebooks()
    sub = pd.DataFrame({"id": ["nb1", "nb2"], "cell_order": [order, "x y"]})
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_extra_columns_are_ignored(competition):
    answers = answers_two_notebooks()
    assert score_frames(competition, answers.assign(note="x"), answers) == 1.0


def test_split_keeps_families_whole_and_fills_greedily(prepared):
    raw = read_csv(prepared / "raw" / "train_ancestors.csv")
    shuffled = raw.iloc[np.random.RandomState(0).permutation(len(raw))].reset_index(drop=True)
    expected_test, expected_train = [], []
    for ancestor in dict.fromkeys(shuffled["ancestor_id"]):
        members = shuffled.loc[shuffled["ancestor_id"] == ancestor, "id"].tolist()
        target = expected_test if len(expected_test) + len(members) <= TEST_NOTEBOOKS else expected_train
        target.extend(members)
    assert len(expected_test) == TEST_NOTEBOOKS

    answers = read_csv(prepared / "private" / "test_orders.csv")
    orders = read_csv(prepared / "raw" / "train_orders.csv")
    assert answers["id"].tolist() == [i for i in orders["id"] if i in set(expected_test)]  # raw order kept
    train_orders = read_csv(prepared / "public" / "train_orders.csv")
    assert set(train_orders["id"]) == set(expected_train)
    assert train_orders["id"].tolist() == [i for i in orders["id"] if i in set(expected_train)]
    ancestors = read_csv(prepared / "public" / "train_ancestors.csv")
    assert ancestors["id"].tolist() == [i for i in shuffled["id"] if i not in set(expected_test)]
    assert list(ancestors.columns) == ["id", "ancestor_id", "parent_id"]
    assert sorted(p.stem for p in (prepared / "public" / "test").iterdir()) == sorted(expected_test)
    assert sorted(p.stem for p in (prepared / "public" / "train").iterdir()) == sorted(expected_train)
    for notebook in expected_test:
        source = prepared / "raw" / "train" / f"{notebook}.json"
        assert (prepared / "public" / "test" / f"{notebook}.json").read_bytes() == source.read_bytes()


def test_sample_lists_cells_in_stored_order(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test_orders.csv")
    assert sample["id"].tolist() == answers["id"].tolist()
    for notebook, order in zip(sample["id"], sample["cell_order"], strict=True):
        stored = json.loads((prepared / "public" / "test" / f"{notebook}.json").read_text())["cell_type"]
        assert order.split() == list(stored)
    assert score_frames(competition, sample, answers) > -1
