"""jigsaw-toxic-comment-classification-challenge: mean column AUC by hand, unscored rows, MLE-bench's quirks."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv

CID = "jigsaw-toxic-comment-classification-challenge"
LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def pairwise_auc(y: np.ndarray, s: np.ndarray) -> float:
    """Share of (positive, negative) pairs ranked right, ties one half."""
    pos, neg = s[y == 1][:, None], s[y == 0][None, :]
    return float(((pos > neg) + 0.5 * (pos == neg)).mean())


@pytest.fixture(scope="module")
def grade(registry):
    return registry.get(CID).grade_fn


@pytest.fixture(scope="module")
def prepared(registry, tmp_path_factory) -> Path:
    competition = registry.get(CID)
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("jigsaw")
    module.make_raw(root / "raw", np.random.default_rng(5))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


@pytest.fixture()
def answers() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    labels = rng.integers(0, 2, size=(10, 6))
    labels[0], labels[1] = 1, 0
    labels[8:] = -1  # two unscored rows
    frame = pd.DataFrame(labels, columns=LABELS)
    frame.insert(0, "id", [f"id{n:02d}" for n in range(10)])
    return frame


@pytest.fixture()
def predictions(answers) -> pd.DataFrame:
    rng = np.random.default_rng(12)
    return answers[["id"]].assign(**{label: rng.random(len(answers)).round(3) for label in LABELS})


def test_mean_of_column_aucs_over_scored_rows(grade, answers, predictions):
    scored = slice(0, 8)
    expected = np.mean(
        [pairwise_auc(answers[c].to_numpy()[scored], predictions[c].to_numpy()[scored]) for c in LABELS]
    )
    assert grade(predictions, answers) == pytest.approx(expected)
    shuffled = predictions.iloc[::-1]
    assert grade(shuffled, answers) == pytest.approx(expected)


def test_unscored_rows_are_never_read(grade, answers, predictions):
    messy = predictions.copy()
    messy.loc[8, "toxic"] = np.nan
    messy.loc[9, LABELS] = 99.0
    assert grade(messy, answers) == pytest.approx(grade(predictions, answers))


def test_out_of_range_predictions_are_accepted(grade, answers, predictions):
    # Known issue: no range check; AUC only sees the ranking, so a monotone map keeps the score.
    stretched = predictions.assign(**{c: predictions[c] * 10 - 3 for c in LABELS})
    assert grade(stretched, answers) == pytest.approx(grade(predictions, answers))


def test_label_columns_are_taken_by_position(grade, answers, predictions):
    # Known issue: the submission's columns are paired with the answers' by position, not by name.
    reordered = predictions[["id", *LABELS[::-1]]]
    scored = slice(0, 8)
    expected = np.mean(
        [
            pairwise_auc(answers[truth].to_numpy()[scored], predictions[guess].to_numpy()[scored])
            for truth, guess in zip(LABELS, LABELS[::-1], strict=True)
        ]
    )
    assert grade(reordered, answers) == pytest.approx(expected)
    assert expected != pytest.approx(grade(predictions, answers))


def test_duplicated_scored_id_replacing_a_scored_one_is_accepted_misaligned(grade, answers, predictions):
    # Known issue: id02 appears twice and id03 is gone; the row count still matches.
    sub = predictions.copy()
    sub.loc[3, "id"] = "id02"
    truth = answers.iloc[:8]
    sorted_sub = sub.iloc[:8].sort_values("id", kind="stable")  # id00, id01, id02, id02, id04..id07
    expected = np.mean(
        [pairwise_auc(truth[c].to_numpy(), sorted_sub[c].to_numpy()) for c in LABELS]
    )
    assert grade(sub, answers) == pytest.approx(expected)


def test_duplicated_scored_id_replacing_an_unscored_one_is_invalid(grade, answers, predictions):
    sub = predictions.copy()
    sub.loc[9, "id"] = "id02"
    with pytest.raises(InvalidSubmissionError):
        grade(sub, answers)


def test_sample_submission_scores_one_half(grade, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert (sample[LABELS] == 0.5).all().all()
    assert grade(sample, answers) == pytest.approx(0.5)


def test_no_split_kaggle_files_rewritten(prepared):
    raw = prepared / "raw"
    with zipfile.ZipFile(raw / "test_labels.csv.zip") as archive:
        labels = pd.read_csv(archive.open("test_labels.csv"))
    answers = read_csv(prepared / "private" / "test.csv")
    pd.testing.assert_frame_equal(answers, labels)
    assert (answers[LABELS] == -1).all(axis=1).sum() == 4  # unscored rows kept in the answers
    test = read_csv(prepared / "public" / "test.csv")
    assert list(test.columns) == ["id", "comment_text"]
    assert test["id"].tolist() == answers["id"].tolist()
    train = read_csv(prepared / "public" / "train.csv")
    assert list(train.columns) == ["id", "comment_text", *LABELS]
    assert len(train) == 30
