"""hms-harmful-brain-activity-classification: KL divergence against scipy, MLE-bench's checks and pairing quirks,
the split by spectrogram."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import entropy
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "hms-harmful-brain-activity-classification"
VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]
SPECTROGRAMS = 20


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("hms")
    module.make_raw(root / "raw", np.random.default_rng(13), spectrograms=SPECTROGRAMS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    votes = [[1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 3], [0, 2, 0, 2, 0, 0]]
    return pd.DataFrame({"eeg_id": [7, 5, 9], "patient_id": 1, **dict(zip(VOTES, np.array(votes).T, strict=True))})


def submission(rows) -> pd.DataFrame:
    return pd.DataFrame({"eeg_id": [7, 5, 9], **dict(zip(VOTES, np.array(rows, dtype=float).T, strict=True))})


def test_kl_divergence_against_scipy(competition):
    pred = [[0.25, 0.25, 0.5, 0, 0, 0], [0, 0, 0, 0, 0.5, 0.5], [0.1, 0.4, 0.1, 0.4, 0, 0]]
    # Rows 1 and 2 are ln 2 each (0.5 ln 2 twice; 1 * ln(1 / 0.5)); row 3 is 0.5 ln(1.25) twice = ln 1.25.
    truth = answers()[VOTES].to_numpy() / answers()[VOTES].to_numpy().sum(axis=1, keepdims=True)
    expected = np.mean([entropy(t, p) for t, p in zip(truth, pred, strict=True)])
    assert expected == pytest.approx((2 * math.log(2) + math.log(1.25)) / 3)
    assert score_frames(competition, submission(pred), answers()) == pytest.approx(expected, abs=1e-5)


def test_zero_predictions_are_clipped_not_infinite(competition):
    pred = [[0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 1], [0, 1, 0, 0, 0, 0]]
    # Row 1: 0.5 ln(0.5 / 1e-15) twice; row 2: ~0; row 3: 0.5 ln(0.5 / 1e-15) + 0.5 ln(0.5 / 1).
    row1 = math.log(0.5 / 1e-15)
    row3 = 0.5 * math.log(0.5 / 1e-15) + 0.5 * math.log(0.5)
    assert score_frames(competition, submission(pred), answers()) == pytest.approx((row1 + row3) / 3, abs=1e-5)


def test_only_the_set_of_eeg_ids_is_compared(competition):
    # Quirk: the answers list EEGs 7, 5, 9, 7. A submission listing 5 twice and 7 once has the same set and row
    # count and is scored (rows paired by position); one without EEG 9 is refused (the sets differ).
    truth = pd.concat([answers(), answers().iloc[[0]]], ignore_index=True)  # 7, 5, 9, 7
    uniform = [[1 / 6] * 6] * 4
    sub = pd.DataFrame({"eeg_id": [7, 5, 9, 5], **dict(zip(VOTES, np.array(uniform).T, strict=True))})
    assert np.isfinite(score_frames(competition, sub, truth))
    with pytest.raises(InvalidSubmissionError, match="EEG ids"):
        score_frames(competition, sub.assign(eeg_id=[7, 5, 7, 5]), truth)


def test_extra_columns_take_part_in_probability_checks(competition):
    pred = submission([[1 / 6] * 6] * 3)
    base = score_frames(competition, pred, answers())
    assert score_frames(competition, pred.assign(extra=0.0), answers()) == base
    assert score_frames(competition, pred.assign(extra=np.nan), answers()) == base
    with pytest.raises(InvalidSubmissionError, match="sum to 1"):
        score_frames(competition, pred.assign(extra=0.1), answers())
    with pytest.raises(InvalidSubmissionError, match="hold numbers"):
        score_frames(competition, pred.assign(extra="x"), answers())


def test_missing_vote_is_skipped_when_the_others_sum_to_one(competition):
    # Parity quirk: row 1 is [NaN, 0.5, 0.5, 0, 0, 0]; pandas' row sum skips the NaN (1.0) and so does the KL row
    # sum, leaving 0.5 ln(0.5 / 0.5) = 0 for the lpd term. Rows 2 and 3 are exact. Refusing NaN changes this.
    pred = [[np.nan, 0.5, 0.5, 0, 0, 0], [0, 0, 0, 0, 0, 1], [0, 0.5, 0, 0.5, 0, 0]]
    truth = answers()
    # Row 1's truth is (0.5, 0.5, 0, ...): the seizure term 0.5 ln(0.5 / NaN) is skipped, lpd gives 0.
    assert score_frames(competition, submission(pred), truth) == pytest.approx(0, abs=1e-5)
    pred[0] = [np.nan, 0.5, 0.4, 0, 0, 0]
    with pytest.raises(InvalidSubmissionError, match="sum to 1"):
        score_frames(competition, submission(pred), truth)


def test_python_round_decides_the_row_sum(competition):
    # 0.999995 is stored just below its decimal value: Python's round(x, 5) gives 0.99999 (refused) where numpy's
    # round would give 1.0.
    pred = submission([[1 / 6] * 6] * 3)
    pred.loc[0, VOTES] = [0.999995, 0, 0, 0, 0, 0]
    assert round(0.999995, 5) != 1 and np.round(0.999995, 5) == 1
    with pytest.raises(InvalidSubmissionError, match="sum to 1"):
        score_frames(competition, pred, answers())


def test_row_sums_are_rounded_to_five_decimals(competition):
    pred = submission([[1 / 6] * 6] * 3)
    pred.loc[0, "other_vote"] += 4e-6  # sums to 1.000004: rounds to 1.0 and is within allclose's tolerance
    assert np.isfinite(score_frames(competition, pred, answers()))
    pred.loc[0, "other_vote"] += 2e-5
    with pytest.raises(InvalidSubmissionError, match="sum to 1"):
        score_frames(competition, pred, answers())


def test_split_by_spectrogram_and_derived_files(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    spectrograms = raw["spectrogram_id"].unique()
    n_test = math.ceil(0.1 * len(spectrograms))
    test_ids = spectrograms[np.random.RandomState(0).permutation(len(spectrograms))[:n_test]]
    in_test = raw["spectrogram_id"].isin(test_ids)
    truth = read_csv(prepared / "private" / "test.csv")
    assert truth.equals(raw[in_test].reset_index(drop=True))
    assert read_csv(prepared / "public" / "train.csv").equals(raw[~in_test].reset_index(drop=True))
    public_test = read_csv(prepared / "public" / "test.csv")
    assert list(public_test.columns) == ["spectrogram_id", "eeg_id", "patient_id"]
    assert public_test.equals(truth[["spectrogram_id", "eeg_id", "patient_id"]])
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    assert list(gold.columns) == ["eeg_id", *VOTES]
    np.testing.assert_array_equal(gold[VOTES].to_numpy(),
                                  truth[VOTES].to_numpy() / truth[VOTES].to_numpy().sum(axis=1, keepdims=True))
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["eeg_id"].tolist() == truth["eeg_id"].tolist()
    assert (sample[VOTES] == 1 / 6).all().all()
    for side, frame in (("train", raw[~in_test]), ("test", raw[in_test])):
        for kind, column in (("eegs", "eeg_id"), ("spectrograms", "spectrogram_id")):
            names = sorted(p.name for p in (prepared / "public" / f"{side}_{kind}").iterdir())
            assert names == sorted(f"{i}.parquet" for i in frame[column].unique())
    assert sorted(p.name for p in (prepared / "public" / "example_figures").iterdir()) == ["LPD.png", "Seizure.png"]


def test_perfect_submission_in_test_order_scores_zero(competition, prepared):
    truth = read_csv(prepared / "private" / "test.csv")
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    assert truth["eeg_id"].duplicated().any(), "the synthetic test set should repeat EEGs"
    assert score_frames(competition, gold, truth) == pytest.approx(0, abs=1e-5)
