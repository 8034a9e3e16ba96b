"""statoil-iceberg-classifier-challenge: log loss by hand and with scikit-learn, clipping, the 20% split of the
JSON records, the 7z archives."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import log_loss
from test_conformance import conformance_module

from pytest_mlebench.data.formats.archives import extract, list_members
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "statoil-iceberg-classifier-challenge"
ROWS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("statoil")
    module.make_raw(root / "raw", np.random.default_rng(13), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    for name in ("train.json.7z", "test.json.7z", "sample_submission.csv.7z"):
        extract(root / "public" / name, root / "unpacked")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["b", "a", "d", "c"], "is_iceberg": [0, 1, 0, 1]})


def test_log_loss_by_hand_and_sklearn(competition):
    answers = small_answers()
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "is_iceberg": [0.8, 0.3, 0.5, 0.1]})
    # by id: a 1 at 0.8, b 0 at 0.3, c 1 at 0.5, d 0 at 0.1 -> mean(-ln 0.8, -ln 0.7, -ln 0.5, -ln 0.9)
    expected = -(math.log(0.8) + math.log(0.7) + math.log(0.5) + math.log(0.9)) / 4
    assert log_loss([1, 0, 1, 0], [0.8, 0.3, 0.5, 0.1]) == pytest.approx(expected, abs=1e-5)
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    assert score_frames(competition, sub.iloc[[2, 0, 3, 1]].assign(note="x"), answers) == pytest.approx(expected, abs=1e-5)


def test_certain_wrong_answers_are_clipped_to_machine_epsilon(competition):
    answers = small_answers()
    sub = pd.DataFrame({"id": ["a", "b", "c", "d"], "is_iceberg": [0.0, 0.0, 1.0, 0.0]})
    # a is wrong with certainty: -ln(eps) = 36.04 instead of infinity; the right ones cost -ln(1 - eps) ~ 0.
    eps = np.finfo(np.float64).eps
    assert score_frames(competition, sub, answers) == pytest.approx(-math.log(eps) / 4, abs=1e-5)


@pytest.mark.parametrize("value", [np.nan, 1.5, -0.1, "iceberg"])
def test_nan_text_or_out_of_range_is_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"is_iceberg": object})
    sub.loc[2, "is_iceberg"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_duplicated_id_is_invalid_even_with_the_same_id_set(competition):
    answers = small_answers()
    sub = pd.concat([answers, answers.iloc[:1]], ignore_index=True).astype({"is_iceberg": float})
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_of_the_json_records(prepared):
    with open(prepared / "raw" / "data" / "processed" / "train.json") as handle:
        raw = json.load(handle)
    n_test = math.ceil(0.2 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    test = [raw[k] for k in perm[:n_test]]
    train = [raw[k] for k in perm[n_test:]]
    assert (prepared / "unpacked" / "train.json").read_text() == json.dumps(train)
    fields = ["id", "band_1", "band_2", "inc_angle"]
    public_test = (prepared / "unpacked" / "test.json").read_text()
    assert public_test == json.dumps([{key: record[key] for key in fields} for record in test])
    assert ", " in public_test and '": ' in public_test  # Python's default separators, not Kaggle's compact JSON
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(answers.columns) == ["id", "is_iceberg"]
    assert answers["id"].tolist() == [r["id"] for r in test]
    assert answers["is_iceberg"].tolist() == [r["is_iceberg"] for r in test]


def test_public_files_are_7z_archives_and_the_sample_is_private(prepared):
    assert sorted(p.name for p in (prepared / "public").iterdir()) == [
        "sample_submission.csv.7z", "test.json.7z", "train.json.7z"
    ]
    for name in ("train.json", "test.json", "sample_submission.csv"):
        assert list_members(prepared / "public" / f"{name}.7z") == [name]
    private_sample = prepared / "private" / "sample_submission.csv"
    assert (prepared / "unpacked" / "sample_submission.csv").read_bytes() == private_sample.read_bytes()
    lines = private_sample.read_text().splitlines()
    assert lines[0] == "id,is_iceberg" and all(line.endswith(",0.5") for line in lines[1:])


def test_sample_scores_ln_2(competition, prepared):
    sample = read_csv(prepared / "private" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(math.log(2), abs=1e-5)
