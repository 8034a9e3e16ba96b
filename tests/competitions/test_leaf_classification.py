"""leaf-classification: log loss by hand and scikit-learn, the exact column set, the split, images, formatting."""

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import log_loss
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "leaf-classification"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def species(competition) -> list[str]:
    return (competition.folder / "species.txt").read_text().split()


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("leaf")
    module.make_raw(root / "raw", np.random.default_rng(12), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def one_hot(species: list[str], truths: list[int]) -> pd.DataFrame:
    ids = pd.DataFrame({"id": [10 * n + 1 for n in range(len(truths))]})
    return pd.concat([ids, pd.DataFrame(np.eye(len(species), dtype=int)[truths], columns=species)], axis=1)


def test_species_list_is_mlebench_columns(species):
    assert len(species) == len(set(species)) == 99
    assert species[:2] == ["Acer_Capillipes", "Acer_Circinatum"] and species[-1] == "Zelkova_Serrata"


def test_log_loss_matches_hand_value_and_sklearn(competition, species):
    answers = one_hot(species, [0, 50])
    probs = np.full((2, 99), 0.3 / 98)
    probs[0, 0] = 0.7
    probs[1, 50] = 0.7
    probs[1] = np.roll(probs[1], 1)  # the second row's 0.7 lands on the wrong species
    sub = pd.concat([answers[["id"]], pd.DataFrame(probs, columns=species)], axis=1)
    hand = -(math.log(0.7) + math.log(0.3 / 98)) / 2
    assert log_loss(answers[species].to_numpy(), probs) == pytest.approx(hand)
    assert score_frames(competition, sub, answers) == pytest.approx(hand)
    reordered = sub.iloc[::-1][[*species[::-1], "id"]]
    assert score_frames(competition, reordered, answers) == pytest.approx(hand)


def test_extra_column_is_invalid(competition, species):
    answers = one_hot(species, [1, 2])
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, pd.concat([answers, pd.DataFrame({"note": [0, 0]})], axis=1), answers)


def test_sample_submission_scores_ln_99(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(math.log(99))
    first = (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1]
    assert first.split(",")[1:] == ["0.010101010101010102"] * 99


def test_split_columns_and_one_hot_answers(prepared, species):
    with zipfile.ZipFile(prepared / "raw" / "train.csv.zip") as archive:
        raw_text = archive.read("train.csv").decode()
    raw = read_csv(io.StringIO(raw_text))
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(train.columns) == list(raw.columns)
    assert list(test.columns) == [c for c in raw.columns if c != "species"]
    assert list(answers.columns) == ["id", *species]
    assert train["id"].tolist() == raw.loc[perm[n_test:], "id"].tolist()
    assert test["id"].tolist() == answers["id"].tolist() == raw.loc[perm[:n_test], "id"].tolist()
    truth = raw.set_index("id")["species"]
    for row in answers.itertuples(index=False):
        values = dict(zip(answers.columns, row, strict=True))
        assert [s for s in species if values[s] == 1] == [truth[values["id"]]]
    # Feature values are written back as Kaggle's text gave them (shortest float repr).
    raw_lines = {line.split(",", 1)[0]: line for line in raw_text.splitlines()[1:]}
    for line in (prepared / "public" / "train.csv").read_text().splitlines()[1:]:
        assert line == raw_lines[line.split(",", 1)[0]]


def test_images_of_both_sides_in_one_folder_private_images_empty(prepared):
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    images = prepared / "public" / "images"
    assert sorted(int(p.stem) for p in images.iterdir()) == sorted([*train["id"], *test["id"]])
    with zipfile.ZipFile(prepared / "raw" / "images.zip") as archive:
        assert len(archive.namelist()) > ROWS  # Kaggle's own test leaves are left out
        first = test["id"].iloc[0]
        assert (images / f"{first}.jpg").read_bytes() == archive.read(f"images/{first}.jpg")
    assert (prepared / "private" / "images").is_dir()
    assert not any((prepared / "private" / "images").iterdir())
