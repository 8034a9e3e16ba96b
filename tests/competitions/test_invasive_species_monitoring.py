"""invasive-species-monitoring: AUC against hand values, the 20% split, the zipped CSVs and the 7z image archives."""

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import py7zr
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "invasive-species-monitoring"
ROWS = 40


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("invasive")
    module.make_raw(root / "raw", np.random.default_rng(4), rows=ROWS)
    with py7zr.SevenZipFile(root / "raw" / "train.7z") as archive:
        archive.extractall(root / "images")
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"name": [5, 1, 4, 2, 3], "invasive": [1, 0, 1, 0, 1]})


def test_auc_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    scores = [0.9, 0.4, 0.4, 0.1, 0.3]
    # positives 0.9, 0.4, 0.3 against negatives 0.4, 0.1: (1 + 1) + (0.5 + 1) + (0 + 1) = 4.5 of 6 pairs.
    sub = answers.assign(invasive=scores)
    assert roc_auc_score(answers["invasive"], scores) == pytest.approx(4.5 / 6)
    assert score_frames(competition, sub, answers) == pytest.approx(4.5 / 6)
    assert score_frames(competition, sub.iloc[[4, 2, 0, 3, 1]], answers) == pytest.approx(4.5 / 6)
    assert score_frames(competition, sub.assign(extra="x"), answers) == pytest.approx(4.5 / 6)


@pytest.mark.parametrize("value", [np.nan, 1.5, -0.5, "high"])
def test_nan_text_or_out_of_range_is_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"invasive": object})
    sub.loc[2, "invasive"] = value
    with pytest.raises(InvalidSubmissionError, match="invasive"):
        score_frames(competition, sub, answers)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train_labels.csv")
    n_test = math.ceil(0.2 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "answers.csv")
    sample = read_csv(prepared / "private" / "sample_submission.csv")
    with zipfile.ZipFile(prepared / "public" / "train_labels.csv.zip") as archive:
        assert archive.namelist() == ["train_labels.csv"]
        assert archive.infolist()[0].compress_type == zipfile.ZIP_DEFLATED
        train = pd.read_csv(io.BytesIO(archive.read("train_labels.csv")))
    with zipfile.ZipFile(prepared / "public" / "sample_submission.csv.zip") as archive:
        assert archive.namelist() == ["sample_submission.csv"]
        assert archive.read("sample_submission.csv") == (prepared / "private" / "sample_submission.csv").read_bytes()
    assert list(answers.columns) == list(train.columns) == list(sample.columns) == ["name", "invasive"]
    assert answers["name"].tolist() == raw.loc[perm[:n_test], "name"].tolist()
    assert train["name"].tolist() == raw.loc[perm[n_test:], "name"].tolist()
    assert sample["name"].tolist() == answers["name"].tolist()
    assert (prepared / "private" / "sample_submission.csv").read_text().splitlines()[1].endswith(",0.5")


def test_public_holds_only_archives(prepared):
    assert sorted(p.name for p in (prepared / "public").iterdir()) == [
        "sample_submission.csv.zip", "test.7z", "train.7z", "train_labels.csv.zip"]


def test_image_archives_hold_the_images(prepared):
    # A deliberate departure from MLE-bench, whose archives are empty (mle-bench#122): see config.yaml.
    answers = read_csv(prepared / "private" / "answers.csv")
    for side in ("train", "test"):
        with py7zr.SevenZipFile(prepared / "public" / f"{side}.7z") as archive:
            archive.extractall(prepared / "out")
    test_files = sorted((prepared / "out" / "test").iterdir())
    assert sorted(int(p.stem) for p in test_files) == sorted(answers["name"])
    for path in test_files:
        assert path.read_bytes() == (prepared / "images" / "train" / path.name).read_bytes()
    assert len(list((prepared / "out" / "train").iterdir())) == ROWS - len(answers)
