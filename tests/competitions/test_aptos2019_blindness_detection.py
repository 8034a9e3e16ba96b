"""aptos2019-blindness-detection: quadratic kappa against a hand computation and scikit-learn, the split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv

CID = "aptos2019-blindness-detection"
ROWS = 60


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("aptos")
    module.make_raw(root / "raw", np.random.default_rng(4), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def kappa_by_hand(y_true, y_pred) -> float:
    """1 - sum(w O) / sum(w E), weights (i - j)^2 over POSITIONS in the sorted union of labels."""
    labels = sorted(set(y_true) | set(y_pred))
    index = {label: k for k, label in enumerate(labels)}
    k = len(labels)
    observed = np.zeros((k, k))
    for t, p in zip(y_true, y_pred, strict=True):
        observed[index[t], index[p]] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    weights = (np.arange(k)[:, None] - np.arange(k)[None, :]) ** 2
    return 1 - (weights * observed).sum() / (weights * expected).sum()


def frames(y_true, y_pred) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"{n:012x}" for n in range(len(y_true))]
    return pd.DataFrame({"id_code": ids, "diagnosis": y_pred}), pd.DataFrame({"id_code": ids, "diagnosis": y_true})


def test_kappa_matches_hand_value_and_sklearn(competition):
    y_true, y_pred = [0, 1, 2, 3, 4, 2], [0, 2, 2, 3, 3, 1]
    sub, answers = frames(y_true, y_pred)
    hand = kappa_by_hand(y_true, y_pred)
    assert cohen_kappa_score(y_true, y_pred, weights="quadratic") == pytest.approx(hand)
    assert competition.grade_fn(sub, answers) == pytest.approx(hand)
    assert competition.grade_fn(sub.iloc[::-1], answers) == pytest.approx(hand)


def test_two_grade_example_worked_by_hand(competition):
    # O = [[1, 1], [0, 2]]; row sums 2, 2; column sums 1, 3; E off-diagonal 2*3/4 and 2*1/4: 1 - 1/2 = 0.5.
    sub, answers = frames([0, 0, 1, 1], [0, 1, 1, 1])
    assert competition.grade_fn(sub, answers) == pytest.approx(0.5)


def test_out_of_range_grade_is_accepted_and_weighted_by_position(competition):
    y_true, y_pred = [0, 1, 2, 2], [0, 1, 5, 2]
    sub, answers = frames(y_true, y_pred)
    # Labels [0, 1, 2, 5]: the 5 sits one position past 2, so it costs as much as a 3 would.
    shifted = kappa_by_hand(y_true, [0, 1, 3, 2])
    assert competition.grade_fn(sub, answers) == pytest.approx(kappa_by_hand(y_true, y_pred))
    assert competition.grade_fn(sub, answers) == pytest.approx(shifted)


def test_integer_valued_floats_count_as_grades(competition):
    sub, answers = frames([0, 1, 2, 3], [0.0, 1.0, 2.0, 2.0])
    assert competition.grade_fn(sub, answers) == pytest.approx(kappa_by_hand([0, 1, 2, 3], [0, 1, 2, 2]))


@pytest.mark.parametrize("bad", [[0, 1, 2.5, 3], [0, 1, np.nan, 3]])
def test_fractional_or_missing_grade_is_invalid(competition, bad):
    sub, answers = frames([0, 1, 2, 3], bad)
    with pytest.raises(InvalidSubmissionError):
        competition.grade_fn(sub, answers)


def test_duplicated_id_is_invalid(competition):
    sub, answers = frames([0, 1, 2, 3], [0, 1, 2, 3])
    with pytest.raises(InvalidSubmissionError):
        competition.grade_fn(pd.concat([sub, sub.iloc[:1]]), answers)


def test_sample_submission_scores_zero(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert competition.grade_fn(sample, answers) == pytest.approx(0.0)
    assert all(line.endswith(",0") for line in (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1:])


def test_split_sizes_order_columns_and_images(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    assert list(answers.columns) == list(train.columns) == ["id_code", "diagnosis"]
    assert list(test.columns) == ["id_code"]
    assert answers.to_numpy().tolist() == raw.loc[perm[:n_test]].to_numpy().tolist()
    assert train.to_numpy().tolist() == raw.loc[perm[n_test:]].to_numpy().tolist()
    assert test["id_code"].tolist() == answers["id_code"].tolist()
    for side, frame in (("train_images", train), ("test_images", test)):
        folder = prepared / "public" / side
        assert sorted(p.stem for p in folder.iterdir()) == sorted(frame["id_code"])
        for code in frame["id_code"]:
            assert (folder / f"{code}.png").read_bytes() == (prepared / "raw" / "train_images" / f"{code}.png").read_bytes()
