"""histopathologic-cancer-detection: AUC by hand and scikit-learn, the test share from the raw test count,
rows kept in Kaggle's order."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "histopathologic-cancer-detection"
ROWS, RAW_TEST = 45, 14


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


def prepare_into(competition, conformance, root: Path, rows: int, raw_test: int) -> Path:
    conformance.make_raw(root / "raw", np.random.default_rng(11), rows=rows, raw_test=raw_test)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    return prepare_into(competition, conformance, tmp_path_factory.mktemp("histo"), ROWS, RAW_TEST)


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["a1", "b2", "c3", "d4"], "label": [0, 1, 1, 0]})


def test_auc_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    scores = [0.2, 0.6, 0.1, 0.6]
    # positives 0.6, 0.1 against negatives 0.2, 0.6: (1 + 0.5) + (0 + 0) = 1.5 of 4 pairs.
    sub = answers.assign(label=scores)
    assert roc_auc_score(answers["label"], scores) == pytest.approx(1.5 / 4)
    assert score_frames(competition, sub, answers) == pytest.approx(1.5 / 4)
    assert score_frames(competition, sub.iloc[[2, 3, 0, 1]].assign(extra=1), answers) == pytest.approx(1.5 / 4)


@pytest.mark.parametrize("value", [np.nan, 2.0, -0.5])
def test_nan_or_out_of_range_is_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"label": float})
    sub.loc[1, "label"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(0.5)
    assert sample["id"].tolist() == answers["id"].tolist()
    assert all(line.endswith(",0") for line in (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1:])


def test_split_share_from_raw_test_count_in_original_order(prepared):
    raw = read_csv(prepared / "raw" / "train_labels.csv")
    n_test = math.ceil(RAW_TEST / (ROWS + RAW_TEST) * ROWS)  # 14/59 * 45 = 10.67 -> 11
    perm = np.random.RandomState(0).permutation(ROWS)
    test_rows = sorted(perm[:n_test])  # isin keeps the original order
    train_rows = sorted(perm[n_test:])
    answers = read_csv(prepared / "private" / "answers.csv")
    train = read_csv(prepared / "public" / "train_labels.csv")
    assert list(answers.columns) == list(train.columns) == ["id", "label"]
    assert answers.to_numpy().tolist() == raw.loc[test_rows].to_numpy().tolist()
    assert train.to_numpy().tolist() == raw.loc[train_rows].to_numpy().tolist()
    for side, frame in (("train", train), ("test", answers)):
        folder = prepared / "public" / side
        assert sorted(p.stem for p in folder.iterdir()) == sorted(frame["id"])
        first = frame["id"].iloc[0]
        assert (folder / f"{first}.tif").read_bytes() == (prepared / "raw" / "train" / f"{first}.tif").read_bytes()
        assert (folder / f"{first}.tif").read_bytes()[:4] in (b"II*\x00", b"MM\x00*")


def test_more_raw_test_images_give_a_larger_test_set(competition, conformance, tmp_path):
    root = prepare_into(competition, conformance, tmp_path, ROWS, RAW_TEST * 2)
    answers = read_csv(root / "private" / "answers.csv")
    assert len(answers) == math.ceil(2 * RAW_TEST / (ROWS + 2 * RAW_TEST) * ROWS)  # 28/73 * 45 -> 18
