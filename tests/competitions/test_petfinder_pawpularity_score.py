"""petfinder-pawpularity-score: RMSE against hand values and scikit-learn, the 10% split, the random sample."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_squared_error
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "petfinder-pawpularity-score"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("petfinder")
    module.make_raw(root / "raw", np.random.default_rng(5), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": ["c", "a", "b", "d"], "Pawpularity": [30, 10, 20, 100]})


def test_rmse_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    sub = pd.DataFrame({"Id": ["a", "b", "c", "d"], "Pawpularity": [13.0, 16.0, 30.0, 100.0]})
    # errors by id: a 3, b -4, c 0, d 0 -> sqrt((9 + 16) / 4) = 2.5
    aligned = answers.sort_values("Id")["Pawpularity"].to_numpy()
    assert math.sqrt(mean_squared_error(aligned, sub["Pawpularity"])) == pytest.approx(2.5)
    assert score_frames(competition, sub, answers) == pytest.approx(2.5)
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == pytest.approx(2.5)


@pytest.mark.parametrize("value", [1.0, 100.0])
def test_bounds_are_inclusive(competition, value):
    answers = small_answers()
    sub = answers.assign(Pawpularity=value)
    expected = math.sqrt(((answers["Pawpularity"] - value) ** 2).mean())
    assert score_frames(competition, sub, answers) == pytest.approx(expected)


@pytest.mark.parametrize("value", [0.999, 100.001, np.nan, np.inf])
def test_values_outside_1_to_100_or_missing_are_invalid_not_clipped(competition, value):
    answers = small_answers()
    sub = answers.astype({"Pawpularity": float})
    sub.loc[1, "Pawpularity"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_extra_columns_are_ignored(competition):
    answers = small_answers()
    sub = answers.assign(Eyes=1, note="x")
    assert score_frames(competition, sub, answers) == pytest.approx(0.0)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    public_test = read_csv(prepared / "public" / "test.csv")
    assert list(train.columns) == list(answers.columns) == list(raw.columns)
    assert list(public_test.columns) == list(raw.columns[:-1])
    assert answers["Id"].tolist() == public_test["Id"].tolist() == raw.loc[perm[:n_test], "Id"].tolist()
    assert train["Id"].tolist() == raw.loc[perm[n_test:], "Id"].tolist()
    pd.testing.assert_frame_equal(answers, raw.loc[perm[:n_test]].reset_index(drop=True))


def test_sample_submission_is_default_rng_zero_rounded(prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(sample.columns) == ["Id", "Pawpularity"]
    assert sample["Id"].tolist() == answers["Id"].tolist()
    expected = np.round(np.random.default_rng(0).uniform(1, 100, len(answers)), 2)
    assert sample["Pawpularity"].tolist() == expected.tolist()


def test_images_placed_by_side(prepared):
    for side, csv in (("train", "public/train.csv"), ("test", "private/test.csv")):
        ids = read_csv(prepared / csv)["Id"]
        assert sorted(p.name for p in (prepared / "public" / side).iterdir()) == sorted(f"{i}.jpg" for i in ids)
        for pet_id in ids:
            name = f"{pet_id}.jpg"
            assert (prepared / "public" / side / name).read_bytes() == (prepared / "raw" / "train" / name).read_bytes()
    public = sorted(p.name for p in (prepared / "public").iterdir())
    assert public == ["sample_submission.csv", "test", "test.csv", "train", "train.csv"]
