"""random-acts-of-pizza: AUC by hand, the split in Kaggle's test ratio, JSON bytes and archives."""

import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "random-acts-of-pizza"
TRAIN_ROWS, TEST_ROWS = 40, 14


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pizza")
    conformance.make_raw(root / "raw", np.random.default_rng(7), TRAIN_ROWS, TEST_ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def test_auc_matches_hand_computation(competition):
    answers = pd.DataFrame({"request_id": ["t3_a", "t3_b", "t3_c", "t3_d", "t3_e"],
                            "requester_received_pizza": [1, 0, 1, 0, 0]})
    # positives 0.6, 0.3 vs negatives 0.2, 0.6, 0.1: 1 + 0.5 + 1 + 1 + 0 + 1 = 4.5 of 6 pairs.
    sub = answers[["request_id"]].assign(requester_received_pizza=[0.6, 0.2, 0.3, 0.6, 0.1])
    assert score_frames(competition, sub, answers) == pytest.approx(4.5 / 6)
    assert score_frames(competition, sub.iloc[[4, 2, 0, 3, 1]], answers) == pytest.approx(4.5 / 6)


def test_split_follows_kaggle_test_ratio_and_seed_zero(prepared):
    raw_train = json.loads((prepared / "raw" / "train.json").read_text())
    n_test = math.ceil(TEST_ROWS / (TRAIN_ROWS + TEST_ROWS) * TRAIN_ROWS)
    assert n_test == 11
    perm = np.random.RandomState(0).permutation(TRAIN_ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    assert answers["request_id"].tolist() == [raw_train[i]["request_id"] for i in perm[:n_test]]
    assert answers["requester_received_pizza"].tolist() == [int(raw_train[i]["requester_received_pizza"]) for i in perm[:n_test]]
    public_train = json.loads((prepared / "public" / "train.json").read_text())
    assert public_train == [raw_train[i] for i in perm[n_test:]]


def test_public_json_is_python_default_dump_with_first_record_key_order(prepared, conformance):
    raw_train = json.loads((prepared / "raw" / "train.json").read_text())
    perm = np.random.RandomState(0).permutation(TRAIN_ROWS)
    expected = [{f: raw_train[i][f] for f in conformance.TEST_FIELDS} for i in perm[:11]]
    text = (prepared / "public" / "test.json").read_text()
    assert text == json.dumps(expected, indent=4)
    assert "\\u263a" in text and "\\u00e9" in text  # non-ASCII escaped, as json.dump's default does
    train_text = (prepared / "public" / "train.json").read_text()
    assert train_text == json.dumps([raw_train[i] for i in perm[11:]], indent=4)


def test_archives_hold_one_json_each(prepared):
    for name in ("train", "test"):
        with zipfile.ZipFile(prepared / "public" / f"{name}.zip") as archive:
            assert archive.namelist() == [f"{name}.json"]
            assert archive.read(f"{name}.json") == (prepared / "public" / f"{name}.json").read_bytes()


def test_answers_and_sample_columns(prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    sample = read_csv(prepared / "public" / "sampleSubmission.csv")
    assert list(answers.columns) == list(sample.columns) == ["request_id", "requester_received_pizza"]
    assert set(answers["requester_received_pizza"]) <= {0, 1}
    assert sample["request_id"].tolist() == answers["request_id"].tolist()
    lines = (prepared / "public" / "sampleSubmission.csv").read_text().splitlines()[1:]
    assert all(line.endswith(",0") for line in lines)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sampleSubmission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(0.5)


def test_giver_username_leak_is_kept(prepared):
    # Known issue (MLE-bench #108): the field stays in public/test.json.
    test = json.loads((prepared / "public" / "test.json").read_text())
    assert all("giver_username_if_known" in record for record in test)
    assert all("requester_received_pizza" not in record for record in test)
