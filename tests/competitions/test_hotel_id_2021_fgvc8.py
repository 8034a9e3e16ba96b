"""hotel-id-2021-fgvc8: MAP@5 by hand, its text-comparison quirks, the 10% split and the image placement."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "hotel-id-2021-fgvc8"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("hotel")
    module.make_raw(root / "raw", np.random.default_rng(9), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers_frame() -> pd.DataFrame:
    return pd.DataFrame({"image": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"], "chain": [1, 1, 2, 0],
                         "hotel_id": [10, 20, 30, 40], "timestamp": "2019-01-01 00:00:00"})


def test_map_at_5_by_hand(competition):
    answers = answers_frame()
    sub = pd.DataFrame({"image": ["d.jpg", "c.jpg", "b.jpg", "a.jpg"],
                        "hotel_id": ["1 2 3 4 5 40", "7 30", "20", "10 10 10"]})
    # d: 40 is sixth -> 0; c: second -> 1/2; b: first -> 1; a: first -> 1. Mean (0 + 0.5 + 1 + 1) / 4 = 0.625.
    assert score_frames(competition, sub, answers) == 0.625


def test_predictions_compare_as_text(competition):
    answers = answers_frame()
    # A float column (one prediction per row, one missing) reads '10.0', which is not hotel 10; the missing one
    # reads 'nan' and scores 0 without invalidating the submission.
    sub = pd.DataFrame({"image": answers["image"], "hotel_id": [10.0, 20.0, np.nan, 40.0]})
    assert score_frames(competition, sub, answers) == 0.0
    sub = pd.DataFrame({"image": answers["image"], "hotel_id": [10, 20, 31, 40], "note": "x"})
    assert score_frames(competition, sub, answers) == 0.75
    # Two spaces give an empty prediction that takes rank 2: 30 is then third.
    sub = pd.DataFrame({"image": answers["image"], "hotel_id": ["0", "0", "7  30", "0"]})
    assert score_frames(competition, sub, answers) == pytest.approx(round((1 / 3) / 4, 5))


@pytest.mark.parametrize("broken", ["missing hotel_id", "other image", "extra row", "duplicated image"])
def test_invalid_submissions(competition, broken):
    answers = answers_frame()
    sub = answers[["image", "hotel_id"]].copy()
    sub = {
        "missing hotel_id": sub.drop(columns=["hotel_id"]),
        "other image": sub.assign(image=["a.jpg", "b.jpg", "c.jpg", "e.jpg"]),
        "extra row": pd.concat([sub, sub.iloc[:1]]),
        "duplicated image": sub.assign(image=["a.jpg", "a.jpg", "c.jpg", "d.jpg"]),
    }[broken]
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_and_images(prepared):
    raw, public = prepared / "raw", prepared / "public"
    old = read_csv(raw / "train.csv")
    assert (old["image"] == "ce27d36c9147cc19.jpg").sum() == 2
    kept = old[old["image"] != "ce27d36c9147cc19.jpg"]
    new_train, new_test = train_test_split(kept, test_size=0.1, random_state=0)
    assert len(new_test) == 5  # ceil(0.1 * 50)

    train = read_csv(public / "train.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(train.columns) == list(answers.columns) == ["image", "chain", "hotel_id", "timestamp"]
    pd.testing.assert_frame_equal(train, new_train.reset_index(drop=True))
    pd.testing.assert_frame_equal(answers, new_test.reset_index(drop=True))
    assert not set(train["image"]) & set(answers["image"])
    lines = (public / "sample_submission.csv").read_text().splitlines()
    assert lines == ["image,hotel_id"] + [f"{image},36363 53586 18807 64314 60181" for image in answers["image"]]

    for row in new_train.itertuples():
        target = public / "train_images" / str(row.chain) / row.image
        assert target.read_bytes() == (raw / "train_images" / str(row.chain) / row.image).read_bytes()
    assert sorted(p.name for p in (public / "test_images").iterdir()) == sorted(answers["image"])
    for row in new_test.itertuples():
        assert (public / "test_images" / row.image).read_bytes() == (raw / "train_images" / str(row.chain) / row.image).read_bytes()
    assert not (public / "train_images" / "3" / "ce27d36c9147cc19.jpg").exists()
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test_images", "train.csv", "train_images"]
