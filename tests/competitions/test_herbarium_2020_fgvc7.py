"""herbarium-2020-fgvc7: macro F1 against scikit-learn and by hand, int() labels, the per-category split, latin-1."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from herbarium_expected import expected_split
from sklearn.metrics import f1_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "herbarium-2020-fgvc7"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("herbarium2020")
    module.make_raw(root / "raw", np.random.default_rng(4))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def frames(truth, predicted):
    ids = list(range(len(truth)))
    return pd.DataFrame({"Id": ids, "Predicted": predicted}), pd.DataFrame({"Id": ids, "Predicted": truth})


def test_macro_f1_by_hand_and_sklearn(competition):
    # Class 1: tp 1, fp 0, fn 1 -> F1 2/3; class 2: tp 1, fp 1, fn 0 -> 2/3; class 5 (never true): 0.
    # Macro over {1, 2, 5}: (2/3 + 2/3 + 0) / 3 = 4/9.
    truth, predicted = [1, 1, 2, 3], [1, 2, 2, 5]
    # Class 3: tp 0, fn 1 -> 0 as well, so over {1, 2, 3, 5}: 4/3 / 4 = 1/3.
    assert f1_score(truth, predicted, average="macro") == pytest.approx(1 / 3)
    sub, answers = frames(truth, predicted)
    assert score_frames(competition, sub, answers) == pytest.approx(round(1 / 3, 5))
    assert score_frames(competition, sub.iloc[::-1], answers) == pytest.approx(round(1 / 3, 5))


def test_a_predicted_class_absent_from_the_answers_lowers_the_score(competition):
    # Right on 1 and 2 but 9 (no test class) predicted once: classes {1, 2, 9}, F1 1, 2/3 and 0 -> 5/9.
    sub, answers = frames([1, 1, 2], [1, 1, 9])
    assert score_frames(competition, sub, answers) == pytest.approx(round((1 + 0 + 0) / 3, 5))
    sub, answers = frames([1, 2, 2], [1, 2, 9])
    assert score_frames(competition, sub, answers) == pytest.approx(round((1 + 2 / 3 + 0) / 3, 5))


def test_fractional_predictions_are_truncated_by_int(competition):
    # MLE-bench's int(): 1.9 -> 1 and 2.2 -> 2, accepted and scored as those classes.
    sub, answers = frames([1, 2, 2], [1.9, 2.2, 2.0])
    assert score_frames(competition, sub, answers) == 1.0
    sub, answers = frames([1, 2, 2], [1, 2, 2])
    assert score_frames(competition, sub.assign(extra="x"), answers) == 1.0


@pytest.mark.parametrize("value", [np.nan, np.inf, "Abutilon", "2.0", 2**63])
def test_what_int_refuses_is_invalid(competition, value):
    sub, answers = frames([1, 2, 2], [1, 2, 2])
    sub = sub.astype({"Predicted": object})
    sub.loc[1, "Predicted"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_and_files(prepared):
    raw, public = prepared / "raw" / "nybg2020", prepared / "public" / "nybg2020"
    metadata = json.loads((raw / "train" / "metadata.json").read_text(encoding="latin-1"))
    train, test, _ = expected_split(metadata)
    # Test images per category: 6 -> ceil(1.2) = 2, 1 -> 0, 2 -> 1, 4 -> 1, 5 -> 1, 8 -> ceil(1.6) = 2, 3 -> 1.
    assert len(test) == 2 + 0 + 1 + 1 + 1 + 2 + 1

    answers = read_csv(prepared / "private" / "answers.csv")
    assert answers["Id"].tolist() == list(range(len(test)))
    assert answers["Predicted"].tolist() == [a["category_id"] for a, _ in test]
    assert 3 not in set(answers["Predicted"])  # the single-image category stays in train
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(sample.columns) == ["Id", "Predicted"] and (sample["Predicted"] == 0).all()
    assert sample["Id"].tolist() == answers["Id"].tolist()

    test_meta = json.loads((public / "test" / "metadata.json").read_text())
    assert sorted(test_meta) == ["images", "info", "licenses"]
    for idx, (_, image) in enumerate(test):
        entry = test_meta["images"][idx]
        assert entry == {**image, "id": str(idx), "file_name": f"images/000/{idx}.jpg"}
        assert (public / "test" / entry["file_name"]).read_bytes() == (raw / "train" / image["file_name"]).read_bytes()

    text = (public / "train" / "metadata.json").read_text()
    assert text.isascii() and not text.endswith("\n")
    assert "Abutilon sp42 M\\u00c3\\u00a9dic." in text  # latin-1 mojibake of "é", escaped
    train_meta = json.loads(text)
    assert train_meta["images"] == [image for _, image in train]  # original ids and file names
    assert train_meta["annotations"] == [annotation for annotation, _ in train]
    assert train_meta["regions"] == metadata["regions"]
    assert text == json.dumps(train_meta, indent=4, sort_keys=True)
    for _, image in train:
        assert (public / "train" / image["file_name"]).read_bytes() == (raw / "train" / image["file_name"]).read_bytes()
