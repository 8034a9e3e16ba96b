"""jigsaw-unintended-bias-in-toxicity-classification: the thresholded bias score against scikit-learn AUCs, the
copied files, and MLE-bench's quirks (NaN counts as 0, no range check, 'toxicity' in place of 'prediction')."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "jigsaw-unintended-bias-in-toxicity-classification"
SCORED = ["male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
          "psychiatric_or_mental_illness"]


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("jigsaw-bias")
    conformance.make_raw(root / "raw", np.random.default_rng(7))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def independent_score(answers: pd.DataFrame, prediction: np.ndarray) -> float:
    """The spec's computation written out: 0.5 thresholds, per-identity subsets, power means with p = -5."""
    y = (answers["toxicity"].to_numpy() >= 0.5).astype(int)
    p = np.array([1 if v >= 0.5 else 0 for v in prediction])
    means = []
    for kind in ("subgroup", "bpsn", "bnsp"):
        aucs = []
        for name in SCORED:
            g = np.nan_to_num(answers[name].to_numpy(), nan=0.0) >= 0.5
            mask = {"subgroup": g, "bpsn": (g & (y == 0)) | (~g & (y == 1)), "bnsp": (g & (y == 1)) | (~g & (y == 0))}
            aucs.append(roc_auc_score(y[mask[kind]], p[mask[kind]]))
        means.append((sum(a ** -5 for a in aucs) / len(aucs)) ** (1 / -5))
    return 0.25 * roc_auc_score(y, p) + 0.25 * sum(means)


def test_score_matches_an_independent_computation(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    rng = np.random.default_rng(11)
    prediction = np.clip(answers["toxicity"].to_numpy() + rng.normal(0, 0.3, size=len(answers)), 0, 1)
    expected = independent_score(answers, prediction)
    assert 0.5 < expected < 1
    sub = answers[["id"]].assign(prediction=prediction)
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    assert score_frames(competition, sub.iloc[::-1], answers) == pytest.approx(expected, abs=1e-5)


def test_scores_are_thresholded_at_one_half(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    truth = answers["toxicity"].to_numpy()
    perfect = answers[["id"]].assign(prediction=truth)
    # Any scores on the right side of 0.5 are as good as the truth: the ranking below or above 0.5 is ignored.
    squashed = answers[["id"]].assign(prediction=np.where(truth >= 0.5, 0.5, 0.49))
    assert score_frames(competition, perfect, answers) == score_frames(competition, squashed, answers) == 1.0
    shifted = answers[["id"]].assign(prediction=np.clip(truth + 0.3, 0, 1))
    assert score_frames(competition, shifted, answers) < 0.9
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert score_frames(competition, sample, answers) == 0.5


def test_nan_counts_as_zero_and_no_range_check(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    truth = answers["toxicity"].to_numpy()
    with_nan = np.where(truth >= 0.5, 7.0, np.nan)  # MLE-bench: NaN -> 0, 7.0 -> 1, both valid
    sub = answers[["id"]].assign(prediction=with_nan)
    assert score_frames(competition, sub, answers) == 1.0
    assert score_frames(competition, answers[["id"]].assign(prediction=-3.0), answers) == 0.5


def test_toxicity_column_in_place_of_prediction(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, answers, answers) == 1.0  # the answers file itself, extra columns and all
    both = answers[["id", "toxicity"]].assign(prediction=answers["toxicity"])
    with pytest.raises(InvalidSubmissionError, match="not both"):
        score_frames(competition, both, answers)


def test_files_are_copied_and_public_test_is_id_and_text(prepared, conformance):
    raw, public, private = (prepared / side for side in ("raw", "public", "private"))
    assert (private / "test.csv").read_bytes() == (raw / "test_private_expanded.csv").read_bytes()
    assert (public / "train.csv").read_bytes() == (raw / "train.csv").read_bytes()
    answers = read_csv(private / "test.csv")
    assert len(answers.columns) == 45
    test = read_csv(public / "test.csv")
    assert list(test.columns) == ["id", "comment_text"]
    pd.testing.assert_frame_equal(test, answers[["id", "comment_text"]])
    assert any("\n" in text for text in test["comment_text"])  # quoted multi-line texts survive
    lines = (public / "sample_submission.csv").read_text().splitlines()
    assert lines[0] == "id,prediction"
    assert lines[1:] == [f"{i},0.0" for i in answers["id"]]
