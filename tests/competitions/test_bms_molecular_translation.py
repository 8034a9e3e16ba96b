"""bms-molecular-translation: mean edit distance against hand values, 'nan' scored, the 20% split, nested images."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "bms-molecular-translation"
ROWS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("bms")
    module.make_raw(root / "raw", np.random.default_rng(7), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"image_id": ["0a1", "0b2", "1c3"], "InChI": ["InChI=1S/CH4", "InChI=1S/H2O", "nan!"]})


def test_mean_edit_distance_by_hand(competition):
    sub = pd.DataFrame({"image_id": ["1c3", "0a1", "0b2"], "InChI": ["nan!", "InChI=1S/CH3", "InChI/H2O"]})
    # 0a1: one substitution (4 -> 3) = 1; 0b2: 'InChI=1S/H2O' -> 'InChI/H2O' deletes '=1S' = 3; 1c3: 0. Mean 4/3.
    assert score_frames(competition, sub, answers()) == pytest.approx(4 / 3, abs=1e-5)


def test_missing_prediction_is_scored_as_the_text_nan(competition):
    # MLE-bench's astype(str) turns NaN into 'nan': distance to 'nan!' is 1 (one insert); to the 12-character
    # 'InChI=1S/CH4' and 'InChI=1S/H2O' it is 11 each (only the 'n' of 'InChI' can be kept: 12 - 1).
    sub = answers().assign(InChI=[np.nan, np.nan, np.nan])
    assert score_frames(competition, sub, answers()) == pytest.approx((11 + 11 + 1) / 3, abs=1e-5)


def test_extra_columns_ignored_and_ids_must_match(competition):
    assert score_frames(competition, answers().assign(note="x"), answers()) == 0.0
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, answers().assign(image_id=["0a1", "0a1", "1c3"]), answers())


def test_split_sizes_order_and_sample(prepared):
    raw = pd.read_csv(prepared / "raw" / "train_labels.csv")
    n_test = math.ceil(0.2 * ROWS)  # 6
    perm = np.random.RandomState(0).permutation(ROWS)
    truth = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train_labels.csv")
    assert list(truth.columns) == list(train.columns) == ["image_id", "InChI"]
    assert truth.equals(raw.loc[perm[:n_test]].reset_index(drop=True))
    assert train.equals(raw.loc[perm[n_test:]].reset_index(drop=True))
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["image_id"].tolist() == truth["image_id"].tolist()
    assert (sample["InChI"] == "InChI=1S/H2O/h1H2").all()
    extra = prepared / "public" / "extra_approved_InChIs.csv"
    assert extra.read_bytes() == (prepared / "raw" / "extra_approved_InChIs.csv").read_bytes()


def test_images_keep_their_nesting_and_sides_are_disjoint(prepared):
    truth = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train_labels.csv")
    found = {}
    for side, frame in (("train", train), ("test", truth)):
        paths = sorted((prepared / "public" / side).rglob("*.png"))
        found[side] = {p.stem for p in paths}
        assert found[side] == set(frame["image_id"])
        for path in paths:
            image_id = path.stem
            assert path.relative_to(prepared / "public" / side).parts == (*image_id[:3], f"{image_id}.png")
            assert path.read_bytes() == (prepared / "raw" / "train" / Path(*image_id[:3]) / path.name).read_bytes()
    assert not found["train"] & found["test"]
