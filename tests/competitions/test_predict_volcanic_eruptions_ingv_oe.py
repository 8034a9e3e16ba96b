"""predict-volcanic-eruptions-ingv-oe: integer MAE against hand values, duplicates scored, the 10% split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_absolute_error
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "predict-volcanic-eruptions-ingv-oe"
ROWS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("volcano")
    module.make_raw(root / "raw", np.random.default_rng(5), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"segment_id": [11, 22, 33, 44], "time_to_eruption": [100, 200, 300, 400]})


def test_mae_is_rounded_to_an_integer(competition):
    sub = answers().assign(time_to_eruption=[103, 199, 300, 400.2])
    # |3| + |1| + 0 + 0.2 = 4.2 over 4 rows = 1.05 -> 1
    assert mean_absolute_error(answers()["time_to_eruption"], sub["time_to_eruption"]) == pytest.approx(1.05)
    assert score_frames(competition, sub, answers()) == 1.0
    assert score_frames(competition, sub.iloc[::-1], answers()) == 1.0


def test_rounding_ties_go_to_even(competition):
    # errors 2 + 3 + 0 + 0 = 5 over 4 = 1.25 -> 1; errors 2 + 4 + 0 + 4 = 10 over 4 = 2.5 -> 2 (Python round)
    assert score_frames(competition, answers().assign(time_to_eruption=[102, 203, 300, 400]), answers()) == 1.0
    assert score_frames(competition, answers().assign(time_to_eruption=[102, 204, 300, 404]), answers()) == 2.0


def test_duplicated_segment_is_scored_twice(competition):
    # MLE-bench merges without a row-count check: rows 11 (error 0), 11 again (error 10), 22, 33, 44 (error 0):
    # 10 / 5 = 2. Fixing the quirk (refusing or deduplicating) changes this.
    sub = pd.concat([answers(), pd.DataFrame({"segment_id": [11], "time_to_eruption": [110]})])
    assert score_frames(competition, sub, answers()) == 2.0


def test_extra_columns_are_ignored(competition):
    assert score_frames(competition, answers().assign(note="x"), answers()) == 0.0


@pytest.mark.parametrize("value", [np.nan, np.inf, "later"])
def test_non_numbers_are_invalid(competition, value):
    sub = answers().astype({"time_to_eruption": object})
    sub.loc[2, "time_to_eruption"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers())


def test_sample_submission_predicts_zero(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    truth = read_csv(prepared / "private" / "test.csv")
    assert sample["segment_id"].tolist() == truth["segment_id"].tolist()
    assert (sample["time_to_eruption"] == 0).all()
    expected = int(round(truth["time_to_eruption"].abs().mean()))
    assert score_frames(competition, sample, truth) == expected


def test_split_sizes_order_and_files(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)  # 3
    perm = np.random.RandomState(0).permutation(ROWS)
    truth = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert list(truth.columns) == list(train.columns) == ["segment_id", "time_to_eruption"]
    assert truth["segment_id"].tolist() == raw.loc[perm[:n_test], "segment_id"].tolist()
    assert train["segment_id"].tolist() == raw.loc[perm[n_test:], "segment_id"].tolist()
    assert truth["time_to_eruption"].tolist() == raw.loc[perm[:n_test], "time_to_eruption"].tolist()
    for side, frame in (("train", train), ("test", truth)):
        names = sorted(p.name for p in (prepared / "public" / side).iterdir())
        assert names == sorted(f"{s}.csv" for s in frame["segment_id"])
        for name in names:
            assert (prepared / "public" / side / name).read_bytes() == (prepared / "raw" / "train" / name).read_bytes()
    assert sorted(p.name for p in (prepared / "public").iterdir()) == ["sample_submission.csv", "test", "train",
                                                                        "train.csv"]
