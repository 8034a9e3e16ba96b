"""ventilator-pressure-prediction: MAE over inspiratory rows by hand, expiratory rows ignored (NaN or text there
accepted), the split by whole breaths, renumbered ids, '%.10g' floats."""

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "ventilator-pressure-prediction"
BREATHS = 23


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("ventilator")
    module.make_raw(root / "raw", np.random.default_rng(13), breaths=BREATHS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3, 4], "breath_id": 7, "u_out": [0, 0, 1, 1],
                         "pressure": [10.0, 20.0, 30.0, 40.0]})


def test_mae_over_inspiratory_rows_only(competition):
    answers = small()
    sub = pd.DataFrame({"id": [4, 3, 2, 1], "pressure": [0.0, 0.0, 23.0, 9.0]})
    # scored rows 1 and 2: |10 - 9| + |20 - 23| = 4 over 2 rows; rows 3 and 4 (u_out 1) are ignored.
    assert score_frames(competition, sub, answers) == 2.0


def test_expiratory_rows_may_hold_anything(competition):
    answers = small()
    text = read_csv(io.StringIO("id,pressure\n1.0,9\n2,23\n3,high\n4,\n"))  # 1.0 still matches id 1
    assert score_frames(competition, text, answers) == 2.0
    for bad in ("1,nan\n2,23\n3,0\n4,0\n", "1,low\n2,23\n3,0\n4,0\n", "1,inf\n2,23\n3,0\n4,0\n"):
        with pytest.raises(InvalidSubmissionError, match="inspiratory"):
            score_frames(competition, read_csv(io.StringIO("id,pressure\n" + bad)), answers)


def test_split_by_whole_breaths(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    breaths = sorted(raw["breath_id"].unique())
    n_test = math.ceil(0.1 * len(breaths))
    perm = np.random.RandomState(0).permutation(len(breaths))
    test_breaths = [breaths[i] for i in perm[:n_test]]
    train_breaths = [breaths[i] for i in perm[n_test:]]
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    assert list(answers.columns) == list(train.columns) == list(raw.columns)
    assert list(test.columns) == [c for c in raw.columns if c != "pressure"]
    assert list(dict.fromkeys(answers["breath_id"])) == test_breaths
    assert list(dict.fromkeys(train["breath_id"])) == train_breaths
    assert answers["id"].tolist() == list(range(1, len(answers) + 1))
    assert train["id"].tolist() == list(range(1, len(train) + 1))
    expected = pd.concat([raw[raw["breath_id"] == b] for b in test_breaths]).reset_index(drop=True)
    np.testing.assert_allclose(answers["pressure"], expected["pressure"], rtol=1e-9)
    assert (answers["time_step"] == expected["time_step"].map(lambda v: float(f"{v:.10g}"))).all()
    pd.testing.assert_frame_equal(test, answers.drop(columns=["pressure"]))


def test_floats_written_with_ten_significant_digits(competition, prepared):
    text = (prepared / "private" / "test.csv").read_text().splitlines()
    pressures = [line.split(",")[-1] for line in text[1:]]
    assert all(len(p.replace(".", "").lstrip("0")) <= 10 for p in pressures)
    assert any(len(p.replace(".", "").lstrip("0")) == 10 for p in pressures)
    sample_lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert sample_lines[0] == "id,pressure" and all(line.endswith(",0") for line in sample_lines[1:])
    answers = read_csv(prepared / "private" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    scored = answers["u_out"] == 0
    assert score_frames(competition, sample, answers) == pytest.approx(answers.loc[scored, "pressure"].mean(),
                                                                        abs=1e-5)
