"""google-quest-challenge: column-wise Spearman against scipy, the 10% split with its one-row swap, quirks."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "google-quest-challenge"
ROWS = 40


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("quest")
    conformance.make_raw(root / "raw", np.random.default_rng(9), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def frames(conformance, rows: int = 6) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(0)
    answers = pd.DataFrame({"qa_id": np.arange(rows) * 3, **{t: rng.random(rows) for t in conformance.TARGETS}})
    sub = pd.DataFrame({"qa_id": answers["qa_id"], **{t: rng.random(rows) for t in conformance.TARGETS}})
    return sub, answers


def test_mean_spearman_equals_scipy(competition, conformance):
    sub, answers = frames(conformance)
    expected = np.mean([spearmanr(sub[t], answers[t]).statistic for t in conformance.TARGETS])
    assert score_frames(competition, sub.iloc[::-1], answers) == pytest.approx(expected, abs=1e-5)


def test_ids_are_never_checked(competition, conformance):
    """Unknown and duplicated qa_ids are graded: both frames are sorted and paired by position."""
    sub, answers = frames(conformance)
    expected = score_frames(competition, sub, answers)
    assert score_frames(competition, sub.assign(qa_id=sub["qa_id"] + 1000), answers) == expected
    assert score_frames(competition, sub.assign(qa_id=7), answers) == pytest.approx(
        np.mean([spearmanr(sub[t], answers[t]).statistic for t in conformance.TARGETS]), abs=1e-5)


def test_constant_column_gives_nan_and_stays_valid(competition, conformance):
    sub, answers = frames(conformance)
    assert math.isnan(score_frames(competition, sub.assign(answer_helpful=0.5), answers))
    with_missing = sub.copy()
    with_missing.loc[2, "answer_helpful"] = np.nan
    assert math.isnan(score_frames(competition, with_missing, answers))


def test_a_text_column_is_ranked_as_text(competition, conformance):
    sub, answers = frames(conformance, rows=4)
    first = conformance.TARGETS[0]
    answers[first] = [1.0, 2.0, 3.0, 4.0]
    sub[first] = [1.0, 2.0, 3.0, 4.0]
    as_numbers = score_frames(competition, sub, answers)
    text = sub.astype({first: object})
    text[first] = ["9", "10", "abc", "2"]  # string order 10 < 2 < 9 < abc: ranks 3, 1, 4, 2 -> rho 0
    others = np.mean([spearmanr(sub[t], answers[t]).statistic for t in conformance.TARGETS[1:]])
    assert as_numbers == pytest.approx((1 + 29 * others) / 30, abs=1e-5)
    assert score_frames(competition, text, answers) == pytest.approx((0 + 29 * others) / 30, abs=1e-5)


@pytest.mark.parametrize("change", ["drop a row", "add a row", "extra column", "drop a column"])
def test_shape_rules(competition, conformance, change):
    sub, answers = frames(conformance)
    broken = {
        "drop a row": sub.iloc[1:],
        "add a row": pd.concat([sub, sub.iloc[:1]]),
        "extra column": sub.assign(note=1.0),
        "drop a column": sub.drop(columns=["answer_helpful"]),
    }[change]
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, broken, answers)


def test_split_with_the_spelling_swap(conformance, prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    test_rows, train_rows = list(perm[:n_test]), list(perm[n_test:])
    assert raw.loc[test_rows, "question_type_spelling"].nunique() == 1  # so the swap must run
    first_nonzero = next(p for p, row in enumerate(train_rows) if raw.loc[row, "question_type_spelling"] != 0)
    test_rows[0], train_rows[first_nonzero] = train_rows[first_nonzero], test_rows[0]

    answers = read_csv(prepared / "private" / "test.csv")
    test = read_csv(prepared / "public" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert answers["qa_id"].tolist() == test["qa_id"].tolist() == raw.loc[test_rows, "qa_id"].tolist()
    assert train["qa_id"].tolist() == raw.loc[train_rows, "qa_id"].tolist()
    assert list(answers.columns) == ["qa_id", *conformance.TARGETS]
    assert list(test.columns) == ["qa_id", *conformance.TEXT]
    assert list(train.columns) == list(raw.columns)
    assert answers["question_type_spelling"].nunique() > 1
    pd.testing.assert_frame_equal(answers[conformance.TARGETS],
                                  raw.loc[test_rows, conformance.TARGETS].reset_index(drop=True))


def test_sample_is_the_same_ramp_in_every_column(conformance, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert sample["qa_id"].tolist() == answers["qa_id"].tolist()
    for target in conformance.TARGETS:
        assert sample[target].tolist() == pytest.approx(np.linspace(0, 1, len(answers)).tolist())
