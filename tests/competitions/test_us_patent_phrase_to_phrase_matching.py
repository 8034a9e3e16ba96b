"""us-patent-phrase-to-phrase-matching: Pearson by hand, the constant (sample) prediction scoring NaN as a valid
submission, NaN predictions accepted, the 10% split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "us-patent-phrase-to-phrase-matching"
ROWS = 55


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("patent")
    module.make_raw(root / "raw", np.random.default_rng(12), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small() -> pd.DataFrame:
    return pd.DataFrame({"id": ["d", "a", "c", "b"], "score": [0.0, 0.5, 1.0, 0.5]})


def test_pearson_by_hand_and_scipy(competition):
    answers = small()
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "score": [0.2, 0.6, 0.8, 0.0]})
    # by id: true (a, b, c, d) = 0.5, 0.5, 1, 0 (mean 0.5) against 0.2, 0.6, 0.8, 0 (mean 0.4):
    # deviations (0, 0, .5, -.5) and (-.2, .2, .4, -.4): cov 0.4, norms sqrt(.5) and sqrt(.4) -> r = 0.4 / sqrt(.2).
    expected = 0.4 / math.sqrt(0.2)
    assert stats.pearsonr([0.5, 0.5, 1, 0], [0.2, 0.6, 0.8, 0.0])[0] == pytest.approx(expected)
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    rescaled = sub.assign(score=sub["score"] * 40 - 7)
    assert score_frames(competition, rescaled, answers) == pytest.approx(expected, abs=1e-5)


def test_constant_or_nan_prediction_scores_nan_and_is_valid(competition):
    answers = small()
    assert math.isnan(score_frames(competition, answers.assign(score=0), answers))
    assert math.isnan(score_frames(competition, answers.assign(score=[0.1, np.nan, 0.3, 0.4]), answers))
    assert math.isnan(score_frames(competition, answers.assign(score=[0.1, np.inf, 0.3, 0.4]), answers))
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, answers.assign(score=["high", 0.2, 0.3, 0.4]), answers)


def test_split_and_sample(competition, prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    pd.testing.assert_frame_equal(answers, raw.iloc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(read_csv(prepared / "public" / "train.csv"),
                                  raw.iloc[perm[n_test:]].reset_index(drop=True))
    pd.testing.assert_frame_equal(read_csv(prepared / "public" / "test.csv"), answers.drop(columns=["score"]))
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines == ["id,score", *(f"{i},0" for i in answers["id"])]
    assert (prepared / "public" / "train.csv").read_text().splitlines()[1].endswith((".0", ".25", ".5", ".75"))
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert math.isnan(score_frames(competition, sample, answers))
