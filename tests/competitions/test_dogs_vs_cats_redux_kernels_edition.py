"""dogs-vs-cats-redux-kernels-edition: binary log loss by hand and scikit-learn, the split and the renaming."""

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

CID = "dogs-vs-cats-redux-kernels-edition"
PER_CLASS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("dogs-cats")
    module.make_raw(root / "raw", np.random.default_rng(2), per_class=PER_CLASS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def raw_images(root: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(root / "raw" / "train.zip") as archive:
        return {Path(n).name: archive.read(n) for n in archive.namelist()}


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3, 4], "label": [1, 0, 1, 0]})


def test_log_loss_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    probs = [0.8, 0.3, 0.5, 0.0]
    # dog 0.8 -> -ln 0.8, cat 0.3 -> -ln 0.7, dog 0.5 -> -ln 0.5, cat 0.0 -> -ln 1 = 0.
    hand = -(math.log(0.8) + math.log(0.7) + math.log(0.5)) / 4
    assert log_loss(answers["label"], probs) == pytest.approx(hand)
    sub = answers.assign(label=probs)
    assert score_frames(competition, sub, answers) == pytest.approx(hand, abs=1e-5)
    assert score_frames(competition, sub.iloc[[3, 1, 2, 0]], answers) == pytest.approx(hand, abs=1e-5)


def test_certain_wrong_answer_is_clipped_to_machine_epsilon(competition):
    answers = small_answers()
    sub = answers.assign(label=[0.0, 0.0, 1.0, 0.0])  # the first dog gets 0
    assert score_frames(competition, sub, answers) == pytest.approx(-math.log(np.finfo(float).eps) / 4, abs=1e-5)


def test_duplicated_id_with_the_same_id_set_is_invalid(competition):
    answers = small_answers()
    sub = pd.concat([answers, answers.iloc[:1]]).astype({"label": float})
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_sample_submission_scores_ln_2(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(math.log(2), abs=1e-5)
    assert sample["id"].tolist() == answers["id"].tolist() == list(range(1, len(answers) + 1))
    assert (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1] == "1,0.5"


def test_split_over_sorted_names_and_renaming(prepared):
    originals = raw_images(prepared)
    names = sorted(originals)  # 'cat.10.jpg' sorts before 'cat.2.jpg'
    n = len(names)
    n_test = math.ceil(0.1 * n)
    perm = np.random.RandomState(0).permutation(n)
    test_names = [names[i] for i in perm[:n_test]]
    train_names = [names[i] for i in perm[n_test:]]

    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["id", "label"]
    assert answers["label"].tolist() == [int(name.startswith("dog")) for name in test_names]
    for number, name in enumerate(test_names, start=1):
        assert (prepared / "public" / "test" / f"{number}.jpg").read_bytes() == originals[name]

    cats = [name for name in train_names if name.startswith("cat")]
    dogs = [name for name in train_names if name.startswith("dog")]
    for kind, ordered in (("cat", cats), ("dog", dogs)):
        for k, name in enumerate(ordered):
            assert (prepared / "public" / "train" / f"{kind}.{k}.jpg").read_bytes() == originals[name]
    assert len(list((prepared / "public" / "train").iterdir())) == n - n_test


def test_archives_mirror_the_folders_and_raw_folders_are_removed(prepared):
    for side in ("train", "test"):
        folder = prepared / "public" / side
        with zipfile.ZipFile(prepared / "public" / f"{side}.zip") as archive:
            assert archive.namelist() == sorted(p.name for p in folder.iterdir())
            assert all(archive.read(p.name) == p.read_bytes() for p in folder.iterdir())
        assert not (prepared / "raw" / side).exists()
