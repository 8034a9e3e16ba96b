"""rsna-miccai-brain-tumor-radiogenomic-classification: AUC, the 10% split of padded ids, the case folders."""

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

CID = "rsna-miccai-brain-tumor-radiogenomic-classification"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("brain")
    conformance.make_raw(root / "raw", np.random.default_rng(5))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"BraTS21ID": [3, 5, 12, 100, 708], "MGMT_value": [1, 0, 1, 0, 1]})


def test_auc_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    scores = [0.8, 0.8, 0.2, 0.1, 0.6]
    # positives 0.8, 0.2, 0.6 against negatives 0.8, 0.1: (0.5 + 1) + (0 + 1) + (0 + 1) = 3.5 of 6 pairs.
    sub = answers.assign(MGMT_value=scores)
    assert roc_auc_score(answers["MGMT_value"], scores) == pytest.approx(3.5 / 6, abs=1e-5)
    assert score_frames(competition, sub, answers) == pytest.approx(3.5 / 6, abs=1e-5)
    assert score_frames(competition, sub.iloc[[4, 0, 3, 1, 2]], answers) == pytest.approx(3.5 / 6, abs=1e-5)


def test_zero_padding_of_ids_does_not_matter(competition, prepared, tmp_path):
    """Both CSVs are read with pandas, so '00012' and '12' are the same integer id (MLE-bench parity)."""
    answers = read_csv(prepared / "private" / "test.csv")
    assert answers["BraTS21ID"].dtype.kind == "i"
    path = tmp_path / "sub.csv"
    path.write_text("BraTS21ID,MGMT_value\n" + "".join(f"{i},{v}\n" for i, v in answers.itertuples(index=False)))
    assert score_frames(competition, read_csv(path), answers) == pytest.approx(1.0)


def test_extra_columns_are_ignored(competition):
    answers = small_answers()
    sub = answers.assign(MGMT_value=[0.8, 0.8, 0.2, 0.1, 0.6], note="x")
    assert score_frames(competition, sub, answers) == pytest.approx(3.5 / 6, abs=1e-5)


@pytest.mark.parametrize("value", [np.nan, 1.5, -0.01])
def test_nan_or_out_of_range_is_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"MGMT_value": float})
    sub.loc[1, "MGMT_value"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_sizes_order_columns_and_padding(prepared, conformance):
    raw = pd.read_csv(prepared / "raw" / "train_labels.csv", dtype=str)
    rows = len(raw)
    n_test = math.ceil(0.1 * rows)
    perm = np.random.RandomState(0).permutation(rows)
    test_lines = (prepared / "private" / "test.csv").read_text().splitlines()
    train_lines = (prepared / "public" / "train_labels.csv").read_text().splitlines()
    raw_lines = (prepared / "raw" / "train_labels.csv").read_text().splitlines()
    assert test_lines[0] == train_lines[0] == "BraTS21ID,MGMT_value"
    assert test_lines[1:] == [raw_lines[1 + i] for i in perm[:n_test]]
    assert train_lines[1:] == [raw_lines[1 + i] for i in perm[n_test:]]
    sample_lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert sample_lines[1:] == [f"{raw.loc[i, 'BraTS21ID']},0.5" for i in perm[:n_test]]


def test_case_folders_are_copied_whole(prepared, conformance):
    for side, csv in (("train", "public/train_labels.csv"), ("test", "private/test.csv")):
        ids = pd.read_csv(prepared / csv, dtype=str)["BraTS21ID"]
        assert sorted(p.name for p in (prepared / "public" / side).iterdir()) == sorted(ids)
        for case in ids:
            files = sorted(p.relative_to(prepared / "public" / side) for p in (prepared / "public" / side / case).rglob("*.dcm"))
            raw_files = sorted(p.relative_to(prepared / "raw" / "train") for p in (prepared / "raw" / "train" / case).rglob("*.dcm"))
            assert files == raw_files and len(files) == 2 * len(conformance.SERIES)
            for rel in files:
                assert (prepared / "public" / side / rel).read_bytes() == (prepared / "raw" / "train" / rel).read_bytes()
    assert sorted(p.name for p in (prepared / "public").iterdir()) == ["sample_submission.csv", "test", "train", "train_labels.csv"]
