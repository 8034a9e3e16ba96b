"""movie-review-sentiment-analysis-kernels-only: accuracy against hand values, the 30% split, plain-pandas TSVs."""

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "movie-review-sentiment-analysis-kernels-only"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("movie")
    module.make_raw(root / "raw", np.random.default_rng(7))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def zipped(path: Path) -> tuple[list[str], bytes]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        return names, archive.read(names[0])


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"PhraseId": [10, 11, 12, 13], "SentenceId": [1, 1, 1, 2],
                         "Phrase": ["a film", "a", "film", "dull"], "Sentiment": [3, 2, 2, 0]})


def test_accuracy_matches_hand_value(competition):
    answers = small_answers()
    sub = pd.DataFrame({"PhraseId": [13, 12, 11, 10], "Sentiment": [1, 2, 2, 2]})
    # By id: 10 wrong (2 vs 3), 11 right, 12 right, 13 wrong -> 2 of 4.
    assert score_frames(competition, sub, answers) == pytest.approx(0.5)
    assert score_frames(competition, sub.assign(Phrase="x"), answers) == pytest.approx(0.5)


def test_whole_floats_and_unknown_classes_are_scored(competition):
    answers = small_answers()
    sub = answers[["PhraseId", "Sentiment"]].astype({"Sentiment": float})
    assert score_frames(competition, sub, answers) == 1.0
    assert score_frames(competition, sub.assign(Sentiment=[3, 2, 2, 7]), answers) == pytest.approx(0.75)


@pytest.mark.parametrize("values", [[3, 2, np.nan, 0], ["pos", "neu", "neu", "neg"], [3, 2, 2.5, 0], [3, "neu", 2, 0]],
                         ids=["missing", "text", "fraction", "mixed"])
def test_labels_scikit_learn_refuses_are_invalid(competition, values):
    answers = small_answers()
    sub = pd.DataFrame({"PhraseId": answers["PhraseId"], "Sentiment": values})
    with pytest.raises(InvalidSubmissionError, match="Sentiment"):
        score_frames(competition, sub, answers)


def test_split_sizes_order_and_columns(prepared):
    raw = pd.read_csv(prepared / "raw" / "train.tsv", sep="\t")
    n_test = math.ceil(0.3 * len(raw))
    perm = np.random.RandomState(0).permutation(len(raw))
    answers = read_csv(prepared / "private" / "answers.csv")
    names, data = zipped(prepared / "public" / "train.tsv.zip")
    assert names == ["train.tsv"]
    train = pd.read_csv(io.BytesIO(data), sep="\t")
    names, data = zipped(prepared / "public" / "test.tsv.zip")
    assert names == ["test.tsv"]
    test = pd.read_csv(io.BytesIO(data), sep="\t")
    assert list(answers.columns) == list(train.columns) == ["PhraseId", "SentenceId", "Phrase", "Sentiment"]
    assert list(test.columns) == ["PhraseId", "SentenceId", "Phrase"]
    assert answers["PhraseId"].tolist() == raw.loc[perm[:n_test], "PhraseId"].tolist() == test["PhraseId"].tolist()
    assert train["PhraseId"].tolist() == raw.loc[perm[n_test:], "PhraseId"].tolist()
    sample = read_csv(prepared / "public" / "sampleSubmission.csv")
    assert list(sample.columns) == ["PhraseId", "Sentiment"]
    assert sample["PhraseId"].tolist() == answers["PhraseId"].tolist() and (sample["Sentiment"] == 2).all()
    assert sorted(p.name for p in (prepared / "public").iterdir()) == [
        "sampleSubmission.csv", "test.tsv.zip", "train.tsv.zip"]


def test_na_like_phrases_are_written_empty_and_quotes_requoted(prepared):
    # Parity: MLE-bench reads the TSV with pandas' defaults, so 'NA' and 'null' phrases lose their text.
    raw_lines = (prepared / "raw" / "train.tsv").read_text().splitlines()[1:]
    phrases = {line.split("\t")[0]: line.split("\t")[2] for line in raw_lines}
    public_text = zipped(prepared / "public" / "train.tsv.zip")[1].decode() + "\n".join(
        (prepared / "private" / "answers.csv").read_text().splitlines())
    na_ids = [pid for pid, text in phrases.items() if text in ("NA", "null")]
    quoted_ids = [pid for pid, text in phrases.items() if '"' in text]
    assert na_ids and quoted_ids, "the synthetic data should hold both cases"
    lines = {line.replace(",", "\t").split("\t")[0]: line for line in public_text.splitlines()}
    for pid in na_ids:
        assert "NA" not in lines[pid] and "null" not in lines[pid]
    for pid in quoted_ids:
        assert '""twist""' in lines[pid]
