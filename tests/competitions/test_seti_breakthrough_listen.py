"""seti-breakthrough-listen: AUC by hand and with scikit-learn, the 10% split, the .npy layout, old_leaky_data."""

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

CID = "seti-breakthrough-listen"
ROWS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("seti")
    module.make_raw(root / "raw", np.random.default_rng(11), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["0a1", "1b2", "2c3", "3d4"], "target": [1, 0, 0, 1]})


def test_auc_by_hand_and_sklearn(competition):
    answers = small_answers()
    scores = [0.8, 0.8, 0.1, 0.3]
    # positives 0.8, 0.3 against negatives 0.8, 0.1: (0.5 + 1) + (0 + 1) = 2.5 of 4 pairs.
    assert roc_auc_score(answers["target"], scores) == pytest.approx(0.625)
    sub = answers.assign(target=scores)
    assert score_frames(competition, sub, answers) == pytest.approx(0.625)
    assert score_frames(competition, sub.iloc[[2, 0, 3, 1]].assign(extra="x"), answers) == pytest.approx(0.625)


@pytest.mark.parametrize("value", [np.nan, 1.01, -0.2, "high"])
def test_nan_text_or_out_of_range_is_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"target": object})
    sub.loc[1, "target"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train_labels.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train_labels.csv")
    pd.testing.assert_frame_equal(answers, raw.loc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(train, raw.loc[perm[n_test:]].reset_index(drop=True))
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["id"].tolist() == answers["id"].tolist()
    assert (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1].endswith(",0.5")


def test_cadences_keep_their_first_character_folders(prepared):
    for side, csv in (("train", "public/train_labels.csv"), ("test", "private/test.csv")):
        ids = read_csv(prepared / csv)["id"]
        placed = sorted(str(p.relative_to(prepared / "public" / side)) for p in (prepared / "public" / side).rglob("*.npy"))
        assert placed == sorted(f"{i[0]}/{i}.npy" for i in ids)
        for cadence in ids:
            relative = Path(cadence[0]) / f"{cadence}.npy"
            assert (prepared / "public" / side / relative).read_bytes() == (prepared / "raw" / "train" / relative).read_bytes()
            assert np.load(prepared / "public" / side / relative).dtype == np.float16


def test_old_leaky_data_is_passed_on_whole(prepared):
    raw = prepared / "raw" / "old_leaky_data"
    public = prepared / "public" / "old_leaky_data"
    files = sorted(p.relative_to(raw) for p in raw.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(public) for p in public.rglob("*") if p.is_file())
    assert all((raw / f).read_bytes() == (public / f).read_bytes() for f in files)
    names = sorted(p.name for p in (prepared / "public").iterdir())
    assert names == ["old_leaky_data", "sample_submission.csv", "test", "train", "train_labels.csv"]
