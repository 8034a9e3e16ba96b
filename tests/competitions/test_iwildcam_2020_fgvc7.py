"""iwildcam-2020-fgvc7: accuracy by hand and scikit-learn, the location split with MLE-bench's rebalancing bug."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "iwildcam-2020-fgvc7"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("iwildcam")
    module.make_raw(root / "raw", np.random.default_rng(2))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": ["a", "b", "c", "d", "e"], "Category": [0, 2, 2, 372, 0]})


def test_accuracy_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    sub = answers.assign(Category=[0, 2, 3, 0, 0])  # 3 of 5 right
    assert score_frames(competition, sub, answers) == pytest.approx(0.6)
    assert accuracy_score(answers["Category"], sub["Category"]) == pytest.approx(0.6)
    assert score_frames(competition, sub.iloc[[4, 2, 0, 3, 1]], answers) == pytest.approx(0.6)


def test_integral_floats_and_unknown_categories_are_accepted(competition):
    answers = small_answers()
    sub = answers.assign(Category=[0.0, 2.0, 99999.0, 372.0, -4.0], note="x")
    assert score_frames(competition, sub, answers) == pytest.approx(0.6)


@pytest.mark.parametrize("value", [2.5, np.nan, np.inf, "empty"])
def test_nan_text_and_fractions_are_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"Category": object})
    sub.loc[1, "Category"] = value
    with pytest.raises(InvalidSubmissionError, match="Category"):
        score_frames(competition, sub, answers)


def test_predicted_header_is_invalid(competition):
    answers = small_answers()
    with pytest.raises(InvalidSubmissionError, match="missing column"):
        score_frames(competition, answers.rename(columns={"Category": "Predicted"}), answers)


def expected_test_locations(images: list[dict]) -> list:
    """The spec's split of the locations, recomputed with Python lists (loops A then B, the buggy ratio)."""
    locations = list(dict.fromkeys(image["location"] for image in images))
    count = {loc: sum(image["location"] == loc for image in images) for loc in locations}
    perm = np.random.RandomState(0).permutation(len(locations))
    n_test = math.ceil(0.22 * len(locations))
    test = [locations[i] for i in perm[:n_test]]
    train = [locations[i] for i in perm[n_test:]]

    def ratio() -> float:
        in_test = sum(count[loc] for loc in test)
        return in_test / (len(images) + in_test)

    while ratio() < 0.22:
        test.append(train.pop())
    while ratio() > 0.22:
        train.append(test.pop())
    return test


def test_split_by_location_with_the_rebalancing_bug(prepared):
    raw = json.loads((prepared / "raw" / "iwildcam2020_train_annotations.json").read_text())
    test_locations = set(expected_test_locations(raw["images"]))
    test_ids = [image["id"] for image in raw["images"] if image["location"] in test_locations]
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["Id", "Category"]
    expected = [(a["image_id"], a["category_id"]) for a in raw["annotations"] if a["image_id"] in set(test_ids)]
    assert list(answers.itertuples(index=False, name=None)) == expected
    # The buggy ratio test / (all + test) ends just below 0.22: here 13 of 50 images (26%) are in test, where a
    # ratio over all images would have moved a location back (loop B) and left 6 (12%).
    assert len(answers) / (len(raw["images"]) + len(answers)) <= 0.22
    assert len(answers) / len(raw["images"]) > 0.22
    public_train = json.loads((prepared / "public" / "iwildcam2020_train_annotations.json").read_text())
    public_test = json.loads((prepared / "public" / "iwildcam2020_test_information.json").read_text())
    assert list(public_train) == ["annotations", "images", "categories", "info"]
    assert list(public_test) == ["images", "categories", "info"]
    assert [i["id"] for i in public_test["images"]] == test_ids
    assert public_test["images"][0] == next(i for i in raw["images"] if i["id"] == test_ids[0])
    assert not {i["location"] for i in public_train["images"]} & test_locations
    assert [a["image_id"] for a in public_train["annotations"]] == [i["id"] for i in public_train["images"]]
    raw_test = json.loads((prepared / "raw" / "iwildcam2020_test_information.json").read_text())
    assert public_test["categories"] == raw_test["categories"]
    text = (prepared / "public" / "iwildcam2020_train_annotations.json").read_text()
    assert text == json.dumps(public_train)


def test_sample_draws_numpy_seed_0_integers(prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert sample["Id"].tolist() == answers["Id"].tolist()
    np.random.seed(0)
    assert sample["Category"].tolist() == np.random.randint(0, 676, size=len(answers)).tolist()


def test_images_are_placed_by_split(prepared):
    answers = read_csv(prepared / "private" / "answers.csv")
    names = sorted(p.name for p in (prepared / "public" / "test").iterdir())
    assert names == sorted(f"{i}.jpg" for i in answers["Id"])
    assert len(list((prepared / "public" / "train").iterdir())) + len(names) == len(
        list((prepared / "raw" / "train").iterdir()))
