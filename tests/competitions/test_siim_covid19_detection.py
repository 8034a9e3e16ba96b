"""siim-covid19-detection: the pooled VOC mAP by hand, its (0, 0) pairs and ignored labels, the study split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "siim-covid19-detection"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("siim_covid")
    module.make_raw(root / "raw", np.random.default_rng(6))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


ANSWERS = pd.DataFrame({
    "id": ["s1_study", "s2_study", "i1_image", "i2_image"],
    "PredictionString": ["negative 1 0 0 1 1", "typical 1 0 0 1 1", "opacity 1 0 0 10 10", "none 1 0 0 1 1"],
})
SUBMISSION = ANSWERS.assign(PredictionString=[
    "negative 0.9 0 0 1 1 typical 0.4 0 0 1 1",
    "negative 0.6 0 0 1 1",
    "opacity 0.8 0 0 10 10 opacity 0.7 20 20 30 30",
    "opacity 0.5 0 0 10 10",
])


def test_map_matches_hand_pairs():
    # The (label, score) pairs each class emits, row by row (s1, s2, i1, i2), worked out by hand:
    pairs = {
        "negative": ([1, 0, 0, 0], [0.9, 0.6, 0, 0]),        # AP 1
        "none": ([0, 0, 0, 1], [0, 0, 0, 0]),                # one missed truth and three (0, 0) rows: AP 1/4
        "opacity": ([0, 0, 1, 0, 0], [0, 0, 0.8, 0.7, 0.5]),  # AP 1
        "typical": ([0, 1, 0, 0], [0.4, 0, 0, 0]),           # a false positive above a missed truth: AP 1/4
    }
    aps = [average_precision_score(y, s) for y, s in pairs.values()]
    assert aps == pytest.approx([1, 0.25, 1, 0.25])
    assert np.mean(aps) == pytest.approx(0.625)


def test_grader_gives_the_hand_value(competition):
    assert score_frames(competition, SUBMISSION, ANSWERS) == pytest.approx(0.625, abs=1e-5)
    assert score_frames(competition, SUBMISSION.iloc[[2, 0, 3, 1]], ANSWERS) == pytest.approx(0.625, abs=1e-5)


def test_labels_outside_the_answers_are_ignored(competition):
    extra = SUBMISSION.copy()
    extra.loc[3, "PredictionString"] += " atypical 0.99 0 0 1 1 cat nan 0 0 1 1"
    assert score_frames(competition, extra, ANSWERS) == pytest.approx(0.625, abs=1e-5)


def test_true_negative_rows_lower_precision(competition):
    """A perfect 'none' prediction still meets the (0, 0) pairs of rows without 'none' at score 0 only: AP stays 1."""
    perfect = ANSWERS.copy()
    assert score_frames(competition, perfect, ANSWERS) == 1.0
    # Missing 'none' on i2 leaves its truth at score 0, tied with the three (0, 0) pairs: AP 1/4 for 'none'.
    missing = ANSWERS.assign(PredictionString=[*ANSWERS["PredictionString"][:3], ""])
    assert score_frames(competition, missing.replace("", " "), ANSWERS) == pytest.approx((1 + 0.25 + 1 + 1) / 4, abs=1e-5)


@pytest.mark.parametrize("text", ["negative 1 0 0 1", "negative x 0 0 1 1", "negative nan 0 0 1 1"])
def test_malformed_prediction_strings_are_invalid(competition, text):
    bad = SUBMISSION.copy()
    bad.loc[0, "PredictionString"] = text
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, bad, ANSWERS)


def test_empty_prediction_string_is_invalid(competition):
    bad = SUBMISSION.copy()
    bad.loc[1, "PredictionString"] = np.nan
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, bad, ANSWERS)


def test_study_split_and_answers(prepared):
    studies = read_csv(prepared / "raw" / "train_study_level.csv")
    images = read_csv(prepared / "raw" / "train_image_level.csv")
    n_test = math.ceil(0.1 * len(studies))
    perm = np.random.RandomState(0).permutation(len(studies))
    test_ids = sorted(studies["id"][perm[:n_test]])
    train_ids = sorted(studies["id"][perm[n_test:]])
    assert read_csv(prepared / "public" / "train_study_level.csv")["id"].tolist() == train_ids
    public_images = read_csv(prepared / "public" / "train_image_level.csv")
    assert public_images["id"].tolist() == sorted(images[(images["StudyInstanceUID"] + "_study").isin(train_ids)]["id"])
    test_images = images[(images["StudyInstanceUID"] + "_study").isin(test_ids)].sort_values("id")

    names = ["negative", "typical", "indeterminate", "atypical"]
    by_id = studies.set_index("id")
    study_strings = [f"{names[int(np.argmax(by_id.loc[s].to_numpy()))]} 1 0 0 1 1" for s in test_ids]
    answers = read_csv(prepared / "private" / "test.csv")
    assert answers["id"].tolist() == test_ids + test_images["id"].tolist()
    assert answers["PredictionString"].tolist() == study_strings + test_images["label"].tolist()
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["id"].tolist() == answers["id"].tolist()
    assert sample["PredictionString"].tolist() == ["negative 1 0 0 1 1"] * n_test + ["none 1 0 0 1 1"] * len(test_images)

    for side, ids in (("train", train_ids), ("test", test_ids)):
        assert sorted(p.name for p in (prepared / "public" / side).iterdir()) == [i.removesuffix("_study") for i in ids]
    placed = sorted(p.stem + "_image" for p in (prepared / "public" / "test").rglob("*.dcm"))
    assert placed == test_images["id"].tolist()
