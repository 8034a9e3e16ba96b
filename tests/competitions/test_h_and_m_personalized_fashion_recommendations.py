"""h-and-m: MAP@12 against hand values, the 8-day time split, and MLE-bench's leading-zero bug reproduced."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "h-and-m-personalized-fashion-recommendations"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("hm")
    module.make_raw(root / "raw", np.random.default_rng(11))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["c1", "c2"], "prediction": ["111 222 333", "444"]})


def test_map_at_12_matches_hand_value(competition):
    sub = pd.DataFrame({"customer_id": ["c2", "zz", "c1"], "prediction": ["999 444", "111", "111 999 111 333"]})
    # c1: 111 hit at 1 (1/1); 999 miss; 111 repeated, no hit; 333 hit at 4 (2/4) -> (1 + 0.5) / 3 = 0.5.
    # c2: 444 hit at 2 (1/2) -> 0.5 / 1 = 0.5. zz is not a test customer and is ignored. Mean 0.5.
    assert score_frames(competition, sub, answers()) == pytest.approx(0.5)


def test_only_the_first_12_predictions_count(competition):
    truth = pd.DataFrame({"customer_id": ["c1"], "prediction": ["13"]})
    sub = pd.DataFrame({"customer_id": ["c1"], "prediction": [" ".join(str(i) for i in range(1, 14))]})
    assert score_frames(competition, sub, truth) == 0.0
    sub12 = pd.DataFrame({"customer_id": ["c1"], "prediction": [" ".join(str(i) for i in range(2, 14))]})
    assert score_frames(competition, sub12, truth) == pytest.approx(round(1 / 12, 5))


def test_a_duplicated_customer_shifts_the_pairing(competition):
    sub = pd.DataFrame({"customer_id": ["c1", "c1", "c2"], "prediction": ["111 222 333", "111 222 333", "444"]})
    # Sorted: c1, c1, c2 against c1, c2: the second c1 row is paired with c2's answer (0), c2's row is dropped.
    assert score_frames(competition, sub, answers()) == pytest.approx(0.5)


@pytest.mark.parametrize("broken", ["a customer missing", "an extra column", "no prediction column"])
def test_invalid_shapes(competition, broken):
    sub = answers()
    frame = {
        "a customer missing": sub.iloc[:1],
        "an extra column": sub.assign(score=1),
        "no prediction column": sub[["customer_id"]],
    }[broken]
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, frame, answers())


def test_kaggle_format_scores_zero(competition, prepared):
    """MLE-bench's bug: the answers lost the leading zero, so Kaggle's own zero-padded ids never match."""
    truth = read_csv(prepared / "private" / "answers.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert score_frames(competition, sample, truth) == 0.0
    unpadded = [" ".join(dict.fromkeys(str(p).split(" "))) for p in truth["prediction"]]
    padded = [" ".join(f"{int(a):010d}" for a in p.split(" ")) for p in unpadded]
    assert all(p.startswith("0") for p in padded)
    assert score_frames(competition, truth.assign(prediction=padded), truth) == 0.0
    assert score_frames(competition, truth.assign(prediction=unpadded), truth) == 1.0
    articles = read_csv(prepared / "public" / "articles.csv", dtype={"article_id": str})
    assert articles["article_id"].str.startswith("0").all()


def test_split_is_the_last_eight_days(prepared):
    raw = pd.read_csv(prepared / "raw" / "transactions_train.csv", dtype={"article_id": str})
    test_window = raw["t_dat"] >= "2020-09-15"  # 2020-09-22 minus 7 days, inclusive: 8 calendar days
    train = pd.read_csv(prepared / "public" / "transactions_train.csv", dtype={"article_id": str})
    expected_train = raw[~test_window].assign(article_id=lambda f: f["article_id"].str.lstrip("0"))
    assert train.to_dict("records") == expected_train.reset_index(drop=True).to_dict("records")
    assert train["t_dat"].max() == "2020-09-14"

    truth = pd.read_csv(prepared / "private" / "answers.csv", dtype={"prediction": str})
    expected = {}
    for customer, article in zip(raw.loc[test_window, "customer_id"], raw.loc[test_window, "article_id"],
                                 strict=True):
        expected.setdefault(customer, []).append(article.lstrip("0"))
    assert truth["customer_id"].tolist() == sorted(expected)
    assert truth["prediction"].tolist() == [" ".join(expected[c]) for c in sorted(expected)]
    assert any(len(set(p.split())) < len(p.split()) for p in truth["prediction"])  # repeats kept


def test_kaggle_files_are_copied_unchanged(prepared):
    for name in ("sample_submission.csv", "articles.csv", "customers.csv"):
        assert (prepared / "public" / name).read_bytes() == (prepared / "raw" / name).read_bytes()
    raw_images = sorted(p.relative_to(prepared / "raw") for p in (prepared / "raw" / "images").rglob("*.jpg"))
    assert raw_images
    assert sorted(p.relative_to(prepared / "public") for p in (prepared / "public" / "images").rglob("*.jpg")) \
        == raw_images
