"""ranzcr-clip-catheter-line-classification: 9-class mean AUC against scikit-learn, the split, annotations, images."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv

CID = "ranzcr-clip-catheter-line-classification"
ROWS = 50
UID = "StudyInstanceUID"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ranzcr")
    conformance.make_raw(root / "raw", np.random.default_rng(11), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_case(conformance) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(2)
    labels = np.tile([[1], [0], [1], [0], [0], [1]], (1, len(conformance.LABELS)))
    labels[:, ::2] = labels[::-1, ::2]
    answers = pd.DataFrame(labels, columns=conformance.LABELS)
    answers.insert(0, UID, [f"1.2.{n}" for n in range(6)])
    answers["PatientID"] = "p1"
    return answers, rng.random((6, len(conformance.SCORED)))


def test_mean_of_nine_aucs_matches_sklearn_macro(competition, conformance):
    answers, scores = small_case(conformance)
    sub = pd.DataFrame(scores, columns=conformance.SCORED).assign(**{UID: answers[UID]})
    expected = roc_auc_score(answers[conformance.SCORED].to_numpy(), scores, average="macro")
    per_class = [roc_auc_score(answers[c], scores[:, k]) for k, c in enumerate(conformance.SCORED)]
    assert expected == pytest.approx(sum(per_class) / 9)
    assert competition.grade_fn(sub, answers) == pytest.approx(expected)
    assert competition.grade_fn(sub.iloc[::-1], answers) == pytest.approx(expected)


def test_unscored_labels_and_extra_columns_are_ignored(competition, conformance):
    # Known issue (MLE-bench #30): CVC - Normal and Swan Ganz are neither asked for nor scored.
    answers, _ = small_case(conformance)
    perfect = answers[[UID, *conformance.SCORED]].astype({c: float for c in conformance.SCORED})
    wrong_extras = perfect.assign(**{"CVC - Normal": 1 - answers["CVC - Normal"], "Swan Ganz Catheter Present": 0.5})
    assert competition.grade_fn(perfect, answers) == pytest.approx(1.0)
    assert competition.grade_fn(wrong_extras, answers) == pytest.approx(1.0)


def test_one_inverted_class_costs_one_ninth(competition, conformance):
    answers, _ = small_case(conformance)
    sub = answers[[UID, *conformance.SCORED]].astype({c: float for c in conformance.SCORED})
    sub["ETT - Normal"] = 1 - sub["ETT - Normal"]
    assert competition.grade_fn(sub, answers) == pytest.approx(8 / 9)


def test_row_count_mismatch_is_invalid(competition, conformance):
    answers, _ = small_case(conformance)
    sub = answers[[UID, *conformance.SCORED]]
    with pytest.raises(InvalidSubmissionError):
        competition.grade_fn(pd.concat([sub, sub.iloc[:1]]), answers)


def test_sample_submission_scores_one_half(competition, prepared, conformance):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(sample.columns) == [UID, *conformance.SCORED]
    assert sample[UID].tolist() == answers[UID].tolist()
    assert competition.grade_fn(sample, answers) == pytest.approx(0.5)
    assert (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1].endswith(",0" * 9)


def test_split_is_train_test_split_with_seed_zero(prepared, conformance):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert list(answers.columns) == list(train.columns) == [UID, *conformance.LABELS, "PatientID"]
    pd.testing.assert_frame_equal(answers, raw.iloc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(train, raw.iloc[perm[n_test:]].reset_index(drop=True))


def test_annotations_of_new_train_only_in_original_order(prepared):
    raw = read_csv(prepared / "raw" / "train_annotations.csv")
    train_uids = set(read_csv(prepared / "public" / "train.csv")[UID])
    public = read_csv(prepared / "public" / "train_annotations.csv")
    pd.testing.assert_frame_equal(public, raw[raw[UID].isin(train_uids)].reset_index(drop=True))
    assert len(public) < len(raw)


def test_images_copied_by_uid_into_train_and_test(prepared):
    for folder, table in (("train", "public/train.csv"), ("test", "private/test.csv")):
        uids = read_csv(prepared / table)[UID]
        images = prepared / "public" / folder
        assert sorted(p.name for p in images.iterdir()) == sorted(f"{u}.jpg" for u in uids)
        for uid in uids:
            assert (images / f"{uid}.jpg").read_bytes() == (prepared / "raw" / "train" / f"{uid}.jpg").read_bytes()
