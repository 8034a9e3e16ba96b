"""inaturalist-2019-fgvc6: top-1 error by hand and scikit-learn, the per-category split, the plain tars."""

import json
import math
import random
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "inaturalist-2019-fgvc6"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("inat")
    module.make_raw(root / "raw", np.random.default_rng(11))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": [10, 11, 12, 13], "predicted": [5, 7, 5, 900]})


def test_top1_error_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    sub = answers.assign(predicted=[5, 5, 5, 900])  # one of four wrong
    assert score_frames(competition, sub, answers) == pytest.approx(0.25)
    assert 1 - accuracy_score([5, 7, 5, 900], [5, 5, 5, 900]) == pytest.approx(0.25)
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == pytest.approx(0.25)


def test_only_the_first_of_several_ids_counts(competition):
    answers = small_answers()
    sub = answers.assign(predicted=["5 7", "5 7", "5", "1 900"])  # rows 11 and 13 have the answer second
    assert score_frames(competition, sub, answers) == pytest.approx(0.5)


@pytest.mark.parametrize("value", [np.nan, 5.0, "5.0", "five", " "])
def test_cells_int_cannot_read_are_invalid(competition, value):
    answers = small_answers()
    sub = answers.astype({"predicted": object})
    sub.loc[1, "predicted"] = value
    if isinstance(value, float):
        sub = sub.astype({"predicted": float})
    with pytest.raises(InvalidSubmissionError, match="category ids"):
        score_frames(competition, sub, answers)


def expected_split(raw_train: dict) -> tuple[list[int], list[tuple[int, int]]]:
    """Train image ids and shuffled (test id, category) pairs, recomputed from the spec's rules."""
    groups: dict[int, list[int]] = {}
    for annotation in raw_train["annotations"]:
        groups.setdefault(annotation["category_id"], []).append(annotation["image_id"])
    train, test = [], []
    for category, ids in groups.items():
        n = len(ids)
        if n == 1:
            train += ids
        elif n < 5:
            train += ids[:-1]
            test += [(ids[-1], category)]
        else:
            perm = np.random.RandomState(0).permutation(n)
            n_test = math.ceil(0.12 * n)
            test += [(ids[i], category) for i in perm[:n_test]]
            train += [ids[i] for i in perm[n_test:]]
    random.Random(0).shuffle(test)
    return train, test


def test_split_follows_the_categories(prepared):
    raw_train = json.loads((prepared / "raw" / "train2019.json").read_text())
    train_ids, test_pairs = expected_split(raw_train)
    public_train = json.loads((prepared / "public" / "train2019.json").read_text())
    assert [image["id"] for image in public_train["images"]] == train_ids
    assert [a["image_id"] for a in public_train["annotations"]] == train_ids
    assert public_train["categories"] == raw_train["categories"]
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["id", "predicted"]
    assert list(answers.itertuples(index=False, name=None)) == test_pairs
    test_index = json.loads((prepared / "public" / "test2019.json").read_text())
    assert sorted(test_index) == ["images", "info", "licenses"]
    assert [image["id"] for image in test_index["images"]] == answers["id"].tolist()
    assert all(image["file_name"].startswith("test2019/") and image["file_name"].count("/") == 1
               for image in test_index["images"])
    text = (prepared / "public" / "train2019.json").read_text()
    assert text == json.dumps(public_train, indent=4, sort_keys=True)
    assert (prepared / "public" / "val2019.json").read_bytes() == (prepared / "raw" / "val2019.json").read_bytes()


def test_sample_predicts_654_everywhere(prepared):
    sample = read_csv(prepared / "public" / "kaggle_sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert sample["id"].tolist() == answers["id"].tolist()
    assert set(sample["predicted"]) == {654}


def test_image_archives_are_plain_tars_without_a_top_folder(prepared):
    public = prepared / "public"
    test_index = json.loads((public / "test2019.json").read_text())
    train_index = json.loads((public / "train2019.json").read_text())
    for archive, names in (("test2019.tar.gz", [i["file_name"].removeprefix("test2019/") for i in test_index["images"]]),
                           ("train_val2019.tar.gz", [i["file_name"].removeprefix("train_val2019/")
                                                     for i in train_index["images"]])):
        assert (public / archive).read_bytes()[:2] != b"\x1f\x8b"  # not gzip
        with tarfile.open(public / archive, "r:") as tar:
            assert sorted(tar.getnames()) == sorted(names)
    assert sorted(p.name for p in public.iterdir()) == [
        "kaggle_sample_submission.csv", "test2019.json", "test2019.tar.gz", "train2019.json",
        "train_val2019.tar.gz", "val2019.json",
    ]
