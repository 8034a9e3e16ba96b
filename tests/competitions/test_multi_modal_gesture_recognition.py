"""multi-modal-gesture-recognition: gesture edit distance by hand and with Levenshtein, the training4 split, the
sample's permutations, and the label leak of the public test archive (MLE-bench #77)."""

import io
import random
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.io
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "multi-modal-gesture-recognition"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gesture")
    conformance.make_raw(root / "raw", np.random.default_rng(8))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": [300, 301, 302], "Sequence": ["2 14 20 1", "5 11", "10"]})


def test_grader_name_keeps_mlebench_spelling(competition):
    """MLE-bench's config spells its grader 'levenhstein-distance'; the alias maps it to the gesture edit distance."""
    assert competition.metric == "levenhstein-distance"
    assert competition.is_lower_better


def test_gesture_edit_distance_by_hand(competition):
    answers = small_answers()
    # 300: one substitution (14 -> 4) and one deletion (1): 2.  301: one insertion: 1.  302: 10 vs 1 0: one
    # substitution and one insertion, gestures being symbols, not characters: 2.  Total 5 / 7 true gestures.
    sub = answers.assign(Sequence=["2 4 20", "5  11 3", "1 0"])
    assert score_frames(competition, sub, answers) == pytest.approx(5 / 7, abs=1e-5)
    assert score_frames(competition, sub.iloc[[2, 0, 1]], answers) == pytest.approx(5 / 7, abs=1e-5)


def test_the_score_can_exceed_one(competition):
    answers = small_answers()
    sub = answers.assign(Sequence=["3 3 3 3 3 3", "3 3 3 3", "3 3 3"])  # 6 + 4 + 3 = 13 edits over 7
    assert score_frames(competition, sub, answers) == pytest.approx(13 / 7, abs=1e-5)


def test_zero_padded_and_plain_ids_match(competition):
    answers = small_answers()
    sub = pd.read_csv(io.StringIO("Id,Sequence\n0300,2 14 20 1\n0301,5 11\n0302,10\n"))
    assert score_frames(competition, sub, answers) == 0.0


@pytest.mark.parametrize("cell", [np.nan, "2,14", "2 14.0", "two"])
def test_cells_int_cannot_read_are_invalid(competition, cell):
    answers = small_answers()
    sub = answers.astype({"Sequence": object})
    sub.loc[0, "Sequence"] = cell
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_training4_becomes_the_test_set(prepared, conformance):
    raw = pd.read_csv(prepared / "raw" / "training.csv", dtype=str)
    test_ids = sorted(f"{i:04d}" for i in conformance.BATCHES["training4"])
    answers = pd.read_csv(prepared / "private" / "test.csv", dtype=str)
    training = pd.read_csv(prepared / "public" / "training.csv", dtype=str)
    assert answers.to_dict("records") == raw[raw["Id"].isin(test_ids)].to_dict("records")
    assert training.to_dict("records") == raw[~raw["Id"].isin(test_ids)].to_dict("records")
    assert (prepared / "public" / "test.csv").read_text() == "Id\n" + "".join(f"{i}\n" for i in test_ids)
    assert (prepared / "private" / "test.csv").read_text().splitlines()[1].startswith("00")


def test_random_predictions_are_seed_0_permutations(prepared):
    sample = pd.read_csv(prepared / "public" / "randomPredictions.csv", dtype=str)
    random.seed(0)
    expected = [" ".join(str(x) for x in random.sample(range(1, 21), 20)) for _ in range(len(sample))]
    assert sample["Sequence"].tolist() == expected
    assert sample["Id"].tolist() == pd.read_csv(prepared / "public" / "test.csv", dtype=str)["Id"].tolist()


def test_archives_are_copied_unchanged(prepared, competition):
    public, raw = prepared / "public", prepared / "raw"
    assert (public / "test.tar.gz").read_bytes() == (raw / "training4.tar.gz").read_bytes()
    for name in ("training1.tar.gz", "validation3.tar.gz", "devel01-40.7z", "valid_all_files_combined.7z",
                 "sample_code_mmrgc.zip"):
        assert (public / name).read_bytes() == (raw / name).read_bytes()
    assert not (public / "training4.tar.gz").exists()


def test_public_test_archive_leaks_the_labels(prepared, conformance):
    """MLE-bench #77: the test samples' .mat files still carry their Labels; this fails once they are stripped."""
    answers = read_csv(prepared / "private" / "test.csv")
    truth = {int(i): [int(g) for g in s.split()] for i, s in zip(answers["Id"], answers["Sequence"], strict=True)}
    leaked = {}
    with tarfile.open(prepared / "public" / "test.tar.gz") as archive:
        for member in archive.getmembers():
            with zipfile.ZipFile(io.BytesIO(archive.extractfile(member).read())) as sample:
                stem = Path(member.name).stem
                mat = scipy.io.loadmat(io.BytesIO(sample.read(f"{stem}_data.mat")), squeeze_me=True)
                names = np.atleast_1d(mat["Video"]["Labels"].item()["Name"])
                leaked[int(stem[-4:])] = [conformance.GESTURES.index(str(n)) + 1 for n in names]
    assert leaked == truth
