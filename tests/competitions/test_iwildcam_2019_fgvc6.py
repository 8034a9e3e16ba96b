"""iwildcam-2019-fgvc6: macro F1 against scikit-learn and by hand, int() truncation, the split by location."""

import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "iwildcam-2019-fgvc6"
ROWS = 60


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("iwildcam")
    module.make_raw(root / "raw", np.random.default_rng(11), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": ["a", "b", "c", "d"], "Category": [0, 0, 3, 3]})


def test_macro_f1_by_hand_counts_predicted_classes_absent_from_truth(competition):
    sub = answers().assign(Category=[0, 5, 3, 3])
    # class 0: precision 1, recall 1/2 -> 2/3; class 3: 1; class 5 (never true): 0. Mean (2/3 + 1 + 0) / 3 = 5/9.
    assert f1_score([0, 0, 3, 3], [0, 5, 3, 3], average="macro") == pytest.approx(5 / 9)
    assert score_frames(competition, sub.iloc[::-1], answers()) == pytest.approx(5 / 9, abs=1e-5)


def test_fractional_categories_are_truncated_by_int(competition):
    # MLE-bench's int(): 3.9 -> 3 and 0.2 -> 0, so this scores as a perfect submission.
    sub = answers().assign(Category=[0.2, 0, 3.9, 3])
    assert score_frames(competition, sub, answers()) == 1.0


@pytest.mark.parametrize("value", [np.nan, "deer", np.inf])
def test_unconvertible_categories_are_invalid(competition, value):
    sub = answers().astype({"Category": object})
    sub.loc[1, "Category"] = value
    with pytest.raises(InvalidSubmissionError, match="Category"):
        score_frames(competition, sub, answers())


def test_sample_with_its_index_column_is_valid(competition, prepared):
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines[0] == ",Id,Category"
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    gold = read_csv(prepared / "private" / "answers.csv")
    raw = read_csv(prepared / "raw" / "train.csv")
    # The unnamed column holds the answers' row numbers in the raw train.csv.
    assert raw.loc[sample["Unnamed: 0"], "id"].tolist() == gold["Id"].tolist() == sample["Id"].tolist()
    expected = f1_score(gold["Category"], [0] * len(gold), average="macro")
    assert score_frames(competition, sample, gold) == pytest.approx(expected, abs=1e-5)


def test_split_by_location(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    locations = raw["location"].unique()
    n_test = math.ceil(0.1 * len(locations))
    test_locations = set(locations[np.random.RandomState(8).permutation(len(locations))[:n_test]])
    in_test = raw["location"].isin(test_locations)
    test = read_csv(prepared / "private" / "test.csv")
    assert test.equals(raw[in_test].reset_index(drop=True))
    assert read_csv(prepared / "public" / "train.csv").equals(raw[~in_test].reset_index(drop=True))
    assert read_csv(prepared / "public" / "test.csv").equals(raw[in_test].drop(columns=["category_id"])
                                                             .reset_index(drop=True))
    gold = read_csv(prepared / "private" / "answers.csv")
    assert list(gold.columns) == ["Id", "Category"]
    assert gold["Category"].tolist() == raw.loc[in_test, "category_id"].tolist()


def test_images_zipped_flat_by_side(prepared):
    with zipfile.ZipFile(prepared / "raw" / "train_images.zip") as archive:
        originals = {name: archive.read(name) for name in archive.namelist()}
    for side, table in (("train_images", "train.csv"), ("test_images", "test.csv")):
        ids = read_csv(prepared / "public" / table)["id"]
        with zipfile.ZipFile(prepared / "public" / f"{side}.zip") as archive:
            assert archive.namelist() == sorted(f"{i}.jpg" for i in ids)
            assert all(archive.read(n) == originals[n] for n in archive.namelist())
    assert sorted(p.name for p in (prepared / "public").iterdir()) == [
        "sample_submission.csv", "test.csv", "test_images.zip", "train.csv", "train_images.zip"]
