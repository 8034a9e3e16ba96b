"""tensorflow2-question-answering: the 'micro F1' that is accuracy, by hand; the blank sample's score; the split
within chunks; the gold submission; the prediction format rules."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_answers, read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "tensorflow2-question-answering"
CHUNK = 20
ROWS = 45


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("tf2qa")
    module.make_raw(root / "raw", np.random.default_rng(9), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "CHUNK_LINES", CHUNK)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def annotation(long=(-1, -1), shorts=(), yes_no="NONE") -> list[dict]:
    return [{"yes_no_answer": yes_no, "long_answer": {"start_token": long[0], "end_token": long[1]},
             "short_answers": [{"start_token": s, "end_token": e} for s, e in shorts]}]


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"example_id": ["-5", "7"],
                         "annotations": [annotation((3, 40), [(5, 7), (9, 10)]), annotation(yes_no="NONE")]})


def test_micro_f1_is_accuracy_over_rows(competition):
    answers = small_answers()
    sub = pd.DataFrame({"example_id": ["-5_long", "-5_short", "7_long", "7_short"],
                        "PredictionString": ["3:40", " 9:10 ", "", "YES"]})
    # -5_long right, -5_short right (any short span, stripped), 7_long right (blank, no answer), 7_short wrong.
    # Kaggle's F1 would count the blank as nothing: TP 2, FP 1 -> 2 / (2 + 0.5 * 1) = 0.8; here 3 of 4 rows.
    assert score_frames(competition, sub, answers) == 0.75
    assert score_frames(competition, sub.iloc[::-1], answers) == 0.75
    blank = sub.assign(PredictionString=np.nan)
    assert score_frames(competition, blank, answers) == 0.5  # the two rows without an answer
    wrong_yes = sub.assign(PredictionString=["YES", "5:7", "", ""])
    assert score_frames(competition, wrong_yes, answers) == 0.75  # YES on a long row is wrong


@pytest.mark.parametrize("value", ["yes", "1:2:3", "12", "1.5:3", "a:b"])
def test_prediction_format_is_enforced(competition, value):
    answers = small_answers()
    sub = pd.DataFrame({"example_id": ["-5_long", "-5_short", "7_long", "7_short"],
                        "PredictionString": [value, "", "", ""]})
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_within_chunks_and_files(prepared):
    raw = [json.loads(line) for line in (prepared / "raw" / "simplified-nq-train.jsonl").read_text().splitlines()]
    expected_test, expected_train = [], []
    for start in range(0, ROWS, CHUNK):
        chunk = raw[start:start + CHUNK]
        n_test = math.ceil(0.1 * len(chunk))
        perm = np.random.RandomState(0).permutation(len(chunk))
        expected_test += [chunk[i] for i in perm[:n_test]]
        expected_train += [chunk[i] for i in perm[n_test:]]
    answers = read_answers(prepared / "private" / "test.jsonl")
    assert answers["example_id"].tolist() == [str(r["example_id"]) for r in expected_test]
    assert answers["annotations"].tolist() == [r["annotations"] for r in expected_test]
    train = read_answers(prepared / "public" / "simplified-nq-train.jsonl")
    assert train["example_id"].tolist() == [str(r["example_id"]) for r in expected_train]
    first = (prepared / "public" / "simplified-nq-test.jsonl").read_text().splitlines()[0]
    assert list(json.loads(first)) == ["example_id", "question_text", "document_text", "long_answer_candidates"]
    assert '"example_id":"' in first and "\\/" in (prepared / "private" / "test.jsonl").read_text()


def test_gold_and_blank_sample(competition, prepared):
    answers = read_answers(prepared / "private" / "test.jsonl")
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    ids = [f"{e}{s}" for e in answers["example_id"] for s in ("_short", "_long")]
    assert gold["example_id"].tolist() == sample["example_id"].tolist() == ids
    assert score_frames(competition, gold, answers) == 1.0
    assert sample["PredictionString"].isna().all()
    unanswered = sum(a[0]["long_answer"]["start_token"] == -1 for a in answers["annotations"]) + sum(
        not a[0]["short_answers"] and a[0]["yes_no_answer"] == "NONE" for a in answers["annotations"])
    assert score_frames(competition, sample, answers) == pytest.approx(unanswered / len(ids), abs=1e-5)
    assert (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1].endswith("_short,")
