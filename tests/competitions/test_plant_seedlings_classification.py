"""plant-seedlings-classification: micro F1 against accuracy and scikit-learn, the 14% split and its float quirk."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "plant-seedlings-classification"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("seedlings")
    module.make_raw(root / "raw", np.random.default_rng(9), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"file": ["a.png", "b.png", "c.png", "d.png", "e.png"],
                         "species": ["Maize", "Charlock", "Maize", "Loose Silky-bent", "Fat Hen"]})


def test_micro_f1_equals_accuracy(competition):
    answers = small_answers()
    predicted = ["Maize", "Maize", "Maize", "Loose Silky-bent", "fat hen"]
    sub = answers.assign(species=predicted).iloc[[4, 3, 2, 1, 0]]
    # 3 of 5 exact: micro precision = recall = 3/5 over all labels, so F1 = 0.6.
    assert f1_score(answers["species"], predicted, average="micro") == pytest.approx(0.6)
    assert score_frames(competition, sub, answers) == pytest.approx(0.6)
    assert score_frames(competition, sub.assign(note=1), answers) == pytest.approx(0.6)


@pytest.mark.parametrize("values", [["Maize", np.nan, "Maize", "Cleavers", "Maize"], [1, 2, 3, 4, 5],
                                    ["Maize", 2, "Maize", "Cleavers", "Maize"]], ids=["missing", "numbers", "mixed"])
def test_empty_or_numeric_species_are_invalid(competition, values):
    answers = small_answers()
    sub = pd.DataFrame({"file": answers["file"], "species": pd.Series(values, dtype=object)})
    with pytest.raises(InvalidSubmissionError, match="species"):
        score_frames(competition, sub, answers)


def test_split_follows_the_sorted_walk_and_the_float_quirk(prepared):
    train_dir = prepared / "raw" / "train"
    walked = [(p.name, folder.name) for folder in sorted(train_dir.iterdir(), key=lambda p: p.name)
              if folder.is_dir() for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.suffix == ".png"]
    assert len(walked) == ROWS
    n_test = math.ceil(0.14 * ROWS)
    assert n_test == 8  # 0.14 * 50 = 7.000000000000001 in floating point
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["file", "species"]
    assert list(answers.itertuples(index=False, name=None)) == [walked[i] for i in perm[:n_test]]
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["file"].tolist() == answers["file"].tolist() and (sample["species"] == "Sugar beet").all()


def test_images_placed_by_side(prepared):
    answers = read_csv(prepared / "private" / "answers.csv")
    public = prepared / "public"
    assert sorted(p.name for p in (public / "test").iterdir()) == sorted(answers["file"])
    train_files = {(p.parent.name, p.name) for p in (public / "train").rglob("*.png")}
    assert len(train_files) == ROWS - len(answers)
    for species, name in train_files:
        assert (public / "train" / species / name).read_bytes() == (prepared / "raw" / "train" / species / name).read_bytes()
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test", "train"]
