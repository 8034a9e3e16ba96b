"""rsna-breast-cancer-detection: pF1 by hand, its clipping/NaN/zero quirks, the patient split, one answer per breast."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "rsna-breast-cancer-detection"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("breast")
    module.make_raw(root / "raw", np.random.default_rng(11))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"prediction_id": ["1_L", "1_R", "2_L", "2_R"], "cancer": [1, 0, 1, 0]})


def test_pf1_matches_hand_value(competition):
    answers = small_answers()
    sub = answers.assign(cancer=[0.8, 0.4, 0.2, 0.0])
    # ctp = 0.8 + 0.2 = 1.0, cfp = 0.4 + 0.0 = 0.4: precision 1/1.4, recall 1/2, F1 = 2pr/(p+r) = (1/1.4)(2.8/3.4) = 10/17.
    assert score_frames(competition, sub, answers) == pytest.approx(10 / 17, abs=1e-5)
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == pytest.approx(10 / 17, abs=1e-5)


def test_predictions_are_clipped_not_refused(competition):
    answers = small_answers()
    sub = answers.assign(cancer=[7.0, -3.0, 1.0, 0.5])
    # clipped 1, 0, 1, 0.5: ctp 2, cfp 0.5 -> precision 0.8, recall 1, F1 = 1.6/1.8.
    assert score_frames(competition, sub, answers) == pytest.approx(1.6 / 1.8, abs=1e-5)


def test_nan_prediction_scores_zero_not_invalid(competition):
    answers = small_answers()
    sub = answers.assign(cancer=[0.9, np.nan, 0.9, 0.1])
    assert score_frames(competition, sub, answers) == 0.0


@pytest.mark.parametrize("values", [[-1.0, -0.5, -0.2, -3.0], [-1e-9] * 4])
def test_all_negative_predictions_are_invalid(competition, values):
    """Every prediction clips to the int 0: 0 / 0 in Python ints raises in MLE-bench."""
    answers = small_answers()
    with pytest.raises(InvalidSubmissionError, match="negative everywhere"):
        score_frames(competition, answers.assign(cancer=values), answers)


@pytest.mark.parametrize("values", [[0.0] * 4, [-0.0] * 4, [-1.0, 0.0, -0.2, 0.0]])
def test_all_zero_predictions_score_zero(competition, values):
    """A 0 (or -0.0) stays a numpy float through the clipping: 0 / 0 is NaN there, and the score 0."""
    answers = small_answers()
    assert score_frames(competition, answers.assign(cancer=values), answers) == 0.0


def test_text_prediction_is_invalid(competition):
    answers = small_answers()
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, answers.assign(cancer=["high", "0.1", "0.2", "0.3"]), answers)


def test_split_by_patient_answers_per_breast(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    patients = raw["patient_id"].unique()
    n_test = math.ceil(0.1 * len(patients))
    perm = np.random.RandomState(42).permutation(len(patients))
    test_patients = set(patients[perm[:n_test]])
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    assert train.equals(raw[~raw["patient_id"].isin(test_patients)].reset_index(drop=True))
    expected_test = raw[raw["patient_id"].isin(test_patients)].reset_index(drop=True)
    assert list(test.columns) == ["site_id", "patient_id", "image_id", "laterality", "view", "age", "implant",
                                  "machine_id", "prediction_id"]
    assert test["image_id"].tolist() == expected_test["image_id"].tolist()
    assert (test["prediction_id"] == expected_test["patient_id"].astype(str) + "_" + expected_test["laterality"]).all()
    answers = read_csv(prepared / "private" / "answers.csv")
    breasts = sorted(set(test["prediction_id"]))
    assert answers["prediction_id"].tolist() == breasts
    by_breast = expected_test.assign(pid=test["prediction_id"]).groupby("pid")["cancer"].max()
    assert answers["cancer"].tolist() == by_breast.loc[breasts].tolist()
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["prediction_id"].tolist() == breasts
    assert (sample["cancer"] == train["cancer"].mean()).all()


def test_images_are_placed_by_patient(prepared):
    for folder, csv in (("train_images", "train.csv"), ("test_images", "test.csv")):
        frame = read_csv(prepared / "public" / csv)
        placed = sorted(str(p.relative_to(prepared / "public" / folder)) for p in (prepared / "public" / folder).rglob("*.dcm"))
        assert placed == sorted(f"{p}/{i}.dcm" for p, i in zip(frame["patient_id"], frame["image_id"], strict=True))
        for rel in placed:
            assert (prepared / "public" / folder / rel).read_bytes() == (prepared / "raw" / "train_images" / rel).read_bytes()
