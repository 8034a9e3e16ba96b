"""dog-breed-identification: log loss against hand values and scikit-learn, the checks' tolerances, the split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import log_loss
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "dog-breed-identification"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def breeds(competition) -> list[str]:
    return (competition.folder / "breeds.txt").read_text().split()


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("dog-breed")
    module.make_raw(root / "raw", np.random.default_rng(8), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def one_hot(breeds: list[str], truths: list[int]) -> pd.DataFrame:
    ids = pd.DataFrame({"id": [f"dog{n}" for n in range(len(truths))]})
    return pd.concat([ids, pd.DataFrame(np.eye(len(breeds), dtype=int)[truths], columns=breeds)], axis=1)


def test_breed_list_is_mlebench_columns(breeds):
    assert len(breeds) == len(set(breeds)) == 120
    assert breeds[0] == "affenpinscher" and breeds[-1] == "yorkshire_terrier"
    assert breeds.index("black-and-tan_coonhound") == 12


def test_log_loss_matches_hand_value_and_sklearn(competition, breeds):
    answers = one_hot(breeds, [0, 5, 119])
    probs = np.full((3, 120), 0.1 / 119)
    probs[0, 0], probs[1, 5], probs[2, 119] = 0.9, 0.9, 0.9
    probs[2] = np.full(120, 1 / 120)  # the last row is uniform
    sub = pd.DataFrame(probs, columns=breeds).assign(id=answers["id"])
    hand = -(math.log(0.9) * 2 + math.log(1 / 120)) / 3
    assert log_loss(answers[breeds].to_numpy(), probs) == pytest.approx(hand)
    assert score_frames(competition, sub, answers) == pytest.approx(hand)
    assert score_frames(competition, sub.iloc[[2, 0, 1]], answers) == pytest.approx(hand)


def test_zero_on_true_breed_is_clipped_to_machine_epsilon(competition, breeds):
    answers = one_hot(breeds, [0, 1])
    probs = np.zeros((2, 120))
    probs[0, 0] = 1.0
    probs[1, 0] = 1.0  # true breed 1 gets 0
    sub = pd.DataFrame(probs, columns=breeds).assign(id=answers["id"])
    assert score_frames(competition, sub, answers) == pytest.approx(-math.log(np.finfo(float).eps) / 2)


@pytest.mark.filterwarnings("ignore:The y_prob values do not sum to one")
@pytest.mark.parametrize(("excess", "valid"), [(1.05e-5, True), (1.2e-5, False), (-1.05e-5, True), (-1.2e-5, False)])
def test_row_sum_tolerance_is_atol_plus_rtol(competition, breeds, excess, valid):
    answers = one_hot(breeds, [3, 4])
    probs = np.full((2, 120), 1 / 120)
    probs[0, 3] += excess
    sub = pd.DataFrame(probs, columns=breeds).assign(id=answers["id"])
    if valid:
        assert np.isfinite(score_frames(competition, sub, answers))
    else:
        with pytest.raises(InvalidSubmissionError):
            score_frames(competition, sub, answers)


def test_extra_columns_and_column_order_do_not_matter(competition, breeds):
    answers = one_hot(breeds, [7, 8])
    shuffled = answers[["id", *breeds[::-1]]].copy().assign(note="x")
    assert score_frames(competition, shuffled, answers) == pytest.approx(0.0)


def test_sample_submission_scores_ln_120(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(math.log(120))
    assert sample.shape == (len(answers), 121)
    first = (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1]
    assert first.split(",")[1:] == ["0.008333333333333333"] * 120


def test_split_order_one_hot_answers_and_images(prepared, breeds):
    raw = read_csv(prepared / "raw" / "labels.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    train = read_csv(prepared / "public" / "labels.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(train.columns) == ["id", "breed"]
    assert train.to_numpy().tolist() == raw.loc[perm[n_test:]].to_numpy().tolist()
    assert list(answers.columns) == ["id", *breeds]
    assert answers["id"].tolist() == raw.loc[perm[:n_test], "id"].tolist()
    for row, breed in zip(answers.itertuples(index=False), raw.loc[perm[:n_test], "breed"], strict=True):
        values = dict(zip(["id", *breeds], row, strict=True))
        assert [b for b in breeds if values[b] == 1] == [breed]
        assert sum(values[b] for b in breeds) == 1
    for side, ids in (("train", train["id"]), ("test", answers["id"])):
        assert sorted(p.stem for p in (prepared / "public" / side).iterdir()) == sorted(ids)
    assert (prepared / "public" / "test" / f"{answers['id'][0]}.jpg").read_bytes() == (
        prepared / "raw" / "train" / f"{answers['id'][0]}.jpg"
    ).read_bytes()
