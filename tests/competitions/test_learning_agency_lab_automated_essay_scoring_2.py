"""learning-agency-lab-automated-essay-scoring-2: quadratic weighted kappa by hand, the 10% split, the random
sample, and MLE-bench's quirks (any integer accepted, index distances, fractions refused)."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "learning-agency-lab-automated-essay-scoring-2"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("essay")
    module.make_raw(root / "raw", np.random.default_rng(2), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def hand_kappa(true, pred) -> float:
    """Quadratic kappa over the sorted union of labels, weights by label index, as scikit-learn computes it."""
    labels = sorted(set(true) | set(pred))
    index = {label: i for i, label in enumerate(labels)}
    n = len(labels)
    observed = np.zeros((n, n))
    for t, p in zip(true, pred, strict=True):
        observed[index[p], index[t]] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    weights = np.array([[(i - j) ** 2 for j in range(n)] for i in range(n)])
    return 1 - (weights * observed).sum() / (weights * expected).sum()


def frames(true, pred) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"e{i:02d}" for i in range(len(true))]
    return pd.DataFrame({"essay_id": ids, "score": pred}), pd.DataFrame({"essay_id": ids, "score": true})


def test_kappa_by_hand(competition):
    # true 1,1,2,2 against 1,2,2,2: observed [[1,0],[1,2]], expected [[0.5,0.5],[1.5,1.5]];
    # kappa = 1 - 1 / (0.5 + 1.5) = 0.5.
    sub, answers = frames([1, 1, 2, 2], [1, 2, 2, 2])
    assert hand_kappa([1, 1, 2, 2], [1, 2, 2, 2]) == pytest.approx(0.5)
    assert score_frames(competition, sub, answers) == pytest.approx(0.5)
    true, pred = [1, 2, 3, 4, 5, 6, 3, 4], [1, 3, 3, 4, 6, 6, 2, 4]
    sub, answers = frames(true, pred)
    assert score_frames(competition, sub.iloc[::-1], answers) == pytest.approx(hand_kappa(true, pred), abs=1e-5)


def test_any_integer_is_accepted_and_distances_are_by_index(competition):
    true = [1, 2, 3, 4, 5, 6]
    with_nine = frames(true, [1, 2, 3, 4, 5, 9])
    with_seven = frames(true, [1, 2, 3, 4, 5, 7])
    # 9 and 7 are both the label after 6: the same index distance, the same kappa.
    assert score_frames(competition, *with_nine) == score_frames(competition, *with_seven)
    assert score_frames(competition, *with_nine) == pytest.approx(hand_kappa(true, [1, 2, 3, 4, 5, 7]), abs=1e-5)
    assert score_frames(competition, *frames(true, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])) == 1.0


@pytest.mark.parametrize("value", [2.5, np.nan, np.inf, "four"])
def test_non_integer_scores_are_invalid(competition, value):
    sub, answers = frames([1, 2, 3, 4], [1, 2, 3, 4])
    sub["score"] = sub["score"].astype(object)
    sub.loc[1, "score"] = value
    with pytest.raises(InvalidSubmissionError, match="integer scores"):
        score_frames(competition, sub, answers)


def test_split_and_random_sample(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "answers.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    pd.testing.assert_frame_equal(answers, raw.iloc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(train, raw.iloc[perm[n_test:]].reset_index(drop=True))
    pd.testing.assert_frame_equal(test, answers[["essay_id", "full_text"]])
    assert list(sample.columns) == ["essay_id", "score"]
    assert sample["essay_id"].tolist() == answers["essay_id"].tolist()
    assert sample["score"].tolist() == np.random.RandomState(42).randint(1, 7, size=n_test).tolist()
