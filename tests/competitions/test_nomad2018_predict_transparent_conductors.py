"""nomad2018-predict-transparent-conductors: mean RMSLE by hand, positional pairing, renumbered split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sklearn
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "nomad2018-predict-transparent-conductors"
TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]
RAW_ROWS = 30


def hand_rmsle(true, pred) -> float:
    return math.sqrt(np.mean((np.log1p(np.asarray(pred)) - np.log1p(np.asarray(true))) ** 2))


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("nomad")
    module.make_raw(root / "raw", np.random.default_rng(4), RAW_ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


@pytest.fixture()
def answers() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3], "formation_energy_ev_natom": [0.1, 0.2, 0.05],
                         "bandgap_energy_ev": [1.5, 3.0, 2.2]})


def test_mean_of_two_rmsles(competition, answers):
    pred = {"formation_energy_ev_natom": [0.15, 0.1, 0.05], "bandgap_energy_ev": [1.0, 3.5, 2.0]}
    sub = answers[["id"]].assign(**pred)
    expected = (hand_rmsle(answers[TARGETS[0]], pred[TARGETS[0]]) + hand_rmsle(answers[TARGETS[1]], pred[TARGETS[1]])) / 2
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)


def test_rows_are_paired_by_position_not_id(competition, answers):
    # Known issue: the perfect rows, listed in reverse, score as the reversed values.
    reversed_rows = answers.iloc[::-1].reset_index(drop=True)
    expected = np.mean([hand_rmsle(answers[c], answers[c].to_numpy()[::-1]) for c in TARGETS])
    assert score_frames(competition, reversed_rows, answers) == pytest.approx(expected, abs=1e-5)
    assert expected > 0.1


def test_id_column_is_not_needed(competition, answers):
    assert score_frames(competition, answers[TARGETS], answers) == pytest.approx(0.0)


def test_negative_prediction_follows_the_installed_scikit_learn(competition, answers):
    sub = answers.assign(formation_energy_ev_natom=[-0.5, 0.2, 0.05])
    if tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 7):
        expected = hand_rmsle(answers[TARGETS[0]], sub[TARGETS[0]]) / 2
        assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    else:
        with pytest.raises(InvalidSubmissionError, match="out of RMSLE's range"):
            score_frames(competition, sub, answers)
    with pytest.raises(InvalidSubmissionError, match="out of RMSLE's range"):
        score_frames(competition, answers.assign(bandgap_energy_ev=[-1.0, 3.0, 2.2]), answers)


def test_nan_is_invalid_with_a_reason(competition, answers):
    with pytest.raises(InvalidSubmissionError, match="NaN"):
        score_frames(competition, answers.assign(bandgap_energy_ev=[np.nan, 3.0, 2.2]), answers)


def test_split_renumbers_ids_in_permutation_order(prepared):
    raw = read_csv(prepared / "raw" / "train.csv" / "train.csv")
    perm = np.random.RandomState(0).permutation(RAW_ROWS)
    n_test = math.ceil(0.1 * RAW_ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    assert answers["id"].tolist() == test["id"].tolist() == list(range(1, n_test + 1))
    assert train["id"].tolist() == list(range(1, RAW_ROWS - n_test + 1))
    expected_test = raw.iloc[perm[:n_test]].drop(columns=["id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(answers.drop(columns=["id"]), expected_test)
    expected_train = raw.iloc[perm[n_test:]].drop(columns=["id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(train.drop(columns=["id"]), expected_train)
    assert list(test.columns) == [c for c in raw.columns if c not in TARGETS]


def test_geometries_follow_their_material_to_the_new_id(prepared):
    raw = read_csv(prepared / "raw" / "train.csv" / "train.csv")
    perm = np.random.RandomState(0).permutation(RAW_ROWS)
    n_test = math.ceil(0.1 * RAW_ROWS)
    for side, rows in (("test", perm[:n_test]), ("train", perm[n_test:])):
        for new_id, row in enumerate(rows, start=1):
            old_id = int(raw["id"].iloc[row])
            copied = prepared / "public" / side / str(new_id) / "geometry.xyz"
            original = prepared / "raw" / "train" / "train" / str(old_id) / "geometry.xyz"
            assert copied.read_bytes() == original.read_bytes()
    assert len(list((prepared / "public" / "test").iterdir())) == n_test


def test_sample_submission(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert sample["id"].tolist() == answers["id"].tolist()
    assert (sample[TARGETS[0]] == 0.1779).all() and (sample[TARGETS[1]] == 1.8892).all()
    expected = (hand_rmsle(answers[TARGETS[0]], sample[TARGETS[0]]) + hand_rmsle(answers[TARGETS[1]], sample[TARGETS[1]])) / 2
    assert score_frames(competition, sample, answers) == pytest.approx(expected, abs=1e-5)
