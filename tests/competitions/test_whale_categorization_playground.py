"""whale-categorization-playground: MAP@5 by hand, single-space splitting, the per-whale split with its singleton
draws and new_whale relabelling."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "whale-categorization-playground"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("whale")
    module.make_raw(root / "raw", np.random.default_rng(9))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"Image": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"], "Id": ["w_1", "new_whale", "w_2", "w_3"]})


def test_map_at_5_by_hand(competition):
    answers = small_answers()
    sub = answers.assign(Id=[
        "w_1 w_2",                            # rank 1: 1
        "w_1 w_1 new_whale",                  # rank 3 (the repeat takes a rank): 1/3
        "w_9 w_8 w_7 w_6 w_5 w_2",            # rank 6, beyond 5: 0
        "w_9 w_3 w_3",                        # rank 2: 1/2
    ])
    expected = (1 + 1 / 3 + 0 + 1 / 2) / 4
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == pytest.approx(expected, abs=1e-5)


def test_stray_spaces_take_ranks_and_empty_cells_read_nan(competition):
    answers = small_answers()
    sub = answers.assign(Id=[" w_1", "new_whale", "w_9  w_2", np.nan])  # ranks 2, 1, 3 (empty entry), none
    assert score_frames(competition, sub, answers) == pytest.approx((1 / 2 + 1 + 1 / 3 + 0) / 4, abs=1e-5)
    assert score_frames(competition, answers.assign(Id="W_1"), answers) == 0.0  # case-sensitive


def test_extra_columns_are_invalid(competition):
    answers = small_answers()
    with pytest.raises(InvalidSubmissionError, match="unexpected column"):
        score_frames(competition, answers.assign(score=1), answers)


def expected_split(raw: pd.DataFrame) -> tuple[list[int], list[int], set[str]]:
    """Train rows, test rows and the relabelled whales, recomputed from the spec's steps."""
    split = pd.Series("undecided", index=raw.index)
    draws = np.random.default_rng(0)
    for whale in dict.fromkeys(raw["Id"]):
        rows = raw.index[raw["Id"] == whale]
        if len(rows) >= 2:
            first, second = np.random.RandomState(0).permutation(len(rows))[:2]
            split[rows[first]], split[rows[second]] = "train", "test"
        else:
            split[rows[0]] = "train" if draws.random() < 0.9 else "test"
    rest = split.index[split == "undecided"]
    perm = np.random.RandomState(0).permutation(len(rest))
    n_test = math.ceil(0.1 * len(rest))
    split[rest[perm[:n_test]]] = "test"
    split[rest[perm[n_test:]]] = "train"
    train, test = list(split.index[split == "train"]), list(split.index[split == "test"])
    return train, test, set(raw.loc[test, "Id"]) - set(raw.loc[train, "Id"])


def test_split_per_whale_and_new_whale_relabelling(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    train_rows, test_rows, relabelled = expected_split(raw)
    assert len(relabelled) == 2  # the 6th and 10th single-image whales
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert list(answers.columns) == list(train.columns) == ["Image", "Id"]
    assert train["Image"].tolist() == raw.loc[train_rows, "Image"].tolist()
    assert answers["Image"].tolist() == raw.loc[test_rows, "Image"].tolist()
    expected_ids = raw.loc[test_rows, "Id"].where(~raw.loc[test_rows, "Id"].isin(relabelled), "new_whale")
    assert answers["Id"].tolist() == expected_ids.tolist()
    assert set(answers["Id"]) <= set(train["Id"]) | {"new_whale"}
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["Image"].tolist() == answers["Image"].tolist()
    assert set(sample["Id"]) == {"new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46"}


def test_images_are_placed_by_split(prepared):
    public = prepared / "public"
    for side, csv in (("train", public / "train.csv"), ("test", prepared / "private" / "test.csv")):
        names = read_csv(csv)["Image"]
        assert sorted(p.name for p in (public / side).iterdir()) == sorted(names)
        for name in names:
            assert (public / side / name).read_bytes() == (prepared / "raw" / "train" / name).read_bytes()
