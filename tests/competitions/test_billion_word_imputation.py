"""billion-word-imputation: edit distance against hand values, the 1% line split with one word dropped, quirks."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "billion-word-imputation"


def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


def prepare_into(competition, root: Path, total_lines: int) -> None:
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TOTAL_LINES", total_lines)
        competition.prepare_fn(root / "raw", root / "public", root / "private")


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance(competition)
    root = tmp_path_factory.mktemp("bwi")
    module.make_raw(root / "raw", np.random.default_rng(2))
    prepare_into(competition, root, module.LINES)
    return root


def test_mean_edit_distance_matches_hand_values(competition):
    answers = pd.DataFrame({"id": [0, 1], "sentence": ["kitten", "the cat sat"]})
    sub = pd.DataFrame({"id": [1, 0], "sentence": ["the sat", "sitting"]})
    # kitten -> sitting: 2 substitutions + 1 insertion = 3; "the cat sat" -> "the sat": 4 deletions. Mean 3.5.
    assert score_frames(competition, sub, answers) == pytest.approx(3.5)


def test_split_draws_once_per_line_and_drops_an_inner_word(prepared):
    with zipfile.ZipFile(prepared / "raw" / "train_v2.txt.zip") as archive:
        lines = archive.read("train_v2.txt").decode().splitlines(keepends=True)
    rng = np.random.RandomState(0)
    expected_test, expected_reduced, expected_train = [], [], []
    for line in lines:
        if rng.uniform() <= 0.01 and len(line.split()) > 2:
            words = line.strip().replace('"', '""').split()
            drop = rng.randint(1, len(words) - 1)
            expected_test.append(line.strip())
            expected_reduced.append(" ".join(words[:drop] + words[drop + 1:]).replace('""', '"'))
        else:
            expected_train.append(line)
    assert len(expected_test) >= 3

    answers = read_csv(prepared / "private" / "test.csv")
    assert answers["id"].tolist() == list(range(len(expected_test)))
    assert answers["sentence"].tolist() == expected_test
    with zipfile.ZipFile(prepared / "public" / "test_v2.txt.zip") as archive:
        assert archive.namelist() == ["test_v2.txt"]
        test = pd.read_csv(archive.open("test_v2.txt"))
    assert test["sentence"].tolist() == expected_reduced
    with zipfile.ZipFile(prepared / "public" / "train_v2.txt.zip") as archive:
        assert archive.namelist() == ["train_v2.txt"]
        assert archive.infolist()[0].compress_type == zipfile.ZIP_DEFLATED
        assert archive.read("train_v2.txt").decode() == "".join(expected_train)
    assert sorted(p.name for p in (prepared / "public").iterdir()) == ["test_v2.txt.zip", "train_v2.txt.zip"]


def test_files_are_written_as_mlebench_writes_them(prepared):
    text = (prepared / "private" / "test.csv").read_text()
    assert text.startswith('"id","sentence"\n0,"')
    with zipfile.ZipFile(prepared / "public" / "test_v2.txt.zip") as archive:
        assert (prepared / "private" / "sample_submission.csv").read_bytes() == archive.read("test_v2.txt")


def test_answers_keep_inner_whitespace_that_the_reduced_sentence_loses(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    sample = read_csv(prepared / "private" / "sample_submission.csv")
    spaced = [s for s in answers["sentence"] if "  " in s or "\t" in s]
    assert spaced, "the synthetic data puts a tab or double space in some test sentence"
    assert not any("  " in s or "\t" in s for s in sample["sentence"])
    # The sample (reduced sentences) is a valid submission with a positive distance.
    assert score_frames(competition, sample, answers) > 0


def test_line_count_is_checked(competition, tmp_path):
    module = conformance(competition)
    module.make_raw(tmp_path / "raw", np.random.default_rng(2))
    with pytest.raises(ValueError, match="Expected 901 lines"):
        prepare_into(competition, tmp_path, module.LINES + 1)


@pytest.mark.parametrize("sentence", [np.nan, 3.0])
def test_a_sentence_that_is_not_text_is_invalid(competition, sentence):
    answers = pd.DataFrame({"id": [0, 1], "sentence": ["a b c", "d e f"]})
    sub = pd.DataFrame({"id": [0, 1], "sentence": [sentence, sentence]})
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)
