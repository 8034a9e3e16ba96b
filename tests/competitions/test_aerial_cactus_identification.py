"""aerial-cactus-identification: AUC against hand values and scikit-learn, the 19% split, the zipped images."""

import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "aerial-cactus-identification"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("cactus")
    module.make_raw(root / "raw", np.random.default_rng(3), rows=ROWS)
    with zipfile.ZipFile(root / "raw" / "train.zip") as archive:
        (root / "images").mkdir()
        for name in archive.namelist():
            (root / "images" / Path(name).name).write_bytes(archive.read(name))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"], "has_cactus": [1, 0, 1, 0, 1]})


def test_auc_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    scores = [0.9, 0.4, 0.4, 0.1, 0.3]
    # positives 0.9, 0.4, 0.3 against negatives 0.4, 0.1: (1 + 1) + (0.5 + 1) + (0 + 1) = 4.5 of 6 pairs.
    sub = answers.assign(has_cactus=scores)
    assert roc_auc_score(answers["has_cactus"], scores) == pytest.approx(4.5 / 6)
    assert score_frames(competition, sub, answers) == pytest.approx(4.5 / 6)
    assert score_frames(competition, sub.iloc[[4, 2, 0, 3, 1]], answers) == pytest.approx(4.5 / 6)


def test_extra_columns_are_ignored(competition):
    answers = small_answers()
    sub = answers.assign(has_cactus=[0.9, 0.4, 0.4, 0.1, 0.3], note="x")
    assert score_frames(competition, sub, answers) == pytest.approx(4.5 / 6)


@pytest.mark.parametrize("value", [np.nan, 1.0001, -1e-9])
def test_nan_or_out_of_range_is_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"has_cactus": float})
    sub.loc[2, "has_cactus"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_ids_without_jpg_suffix_are_invalid(competition):
    answers = small_answers()
    sub = answers.assign(id=answers["id"].str.removesuffix(".jpg"), has_cactus=0.5)
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(0.5)
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines[0] == "id,has_cactus"
    assert all(line.endswith(".jpg,0.5") for line in lines[1:])


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.19 * ROWS)  # 9.5 -> 10
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert list(answers.columns) == list(train.columns) == ["id", "has_cactus"]
    assert answers["id"].tolist() == raw.loc[perm[:n_test], "id"].tolist()
    assert train["id"].tolist() == raw.loc[perm[n_test:], "id"].tolist()
    assert answers["has_cactus"].tolist() == raw.loc[perm[:n_test], "has_cactus"].tolist()
    assert (prepared / "private" / "test.csv").read_text().splitlines()[1].endswith((",0", ",1"))


def test_images_are_zipped_flat_by_side(prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    for side, frame in (("train", train), ("test", answers)):
        with zipfile.ZipFile(prepared / "public" / f"{side}.zip") as archive:
            names = archive.namelist()
            assert names == sorted(frame["id"])
            assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
            for name in names:
                assert archive.read(name) == (prepared / "images" / name).read_bytes()
    public = sorted(p.name for p in (prepared / "public").iterdir())
    assert public == ["sample_submission.csv", "test.zip", "train.csv", "train.zip"]
    assert not (prepared / "raw" / "train").exists()
