"""herbarium-2021-fgvc8: macro F1 on int() labels, the per-category split, UTF-8 metadata kept as escapes."""

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

CID = "herbarium-2021-fgvc8"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("herbarium2021")
    module.make_raw(root / "raw", np.random.default_rng(8))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def test_macro_f1_by_hand_and_sklearn_with_truncation(competition):
    # int() truncates 3.8 to 3. Classes {3, 4}: class 3 tp 1, fn 1 -> 2/3; class 4 tp 1, fp 1 -> 2/3. Mean 2/3.
    answers = pd.DataFrame({"Id": [0, 1, 2], "Predicted": [3, 3, 4]})
    sub = pd.DataFrame({"Id": [2, 0, 1], "Predicted": [4, 3.8, 4], "note": "x"})
    assert f1_score([3, 3, 4], [3, 4, 4], average="macro") == pytest.approx(2 / 3)
    assert score_frames(competition, sub, answers) == pytest.approx(round(2 / 3, 5))


@pytest.mark.parametrize("value", [np.nan, "4.0", "Rosa", 2**64])
def test_what_int_refuses_is_invalid(competition, value):
    answers = pd.DataFrame({"Id": [0, 1], "Predicted": [3, 4]})
    sub = answers.astype({"Predicted": object})
    sub.loc[0, "Predicted"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_and_files(prepared):
    raw, public = prepared / "raw" / "train", prepared / "public"
    metadata = json.loads((raw / "metadata.json").read_text(encoding="utf-8"))
    train, test, _ = expected_split(metadata)
    # Test images per category: 7 -> ceil(1.4) = 2, 1 -> 0, 3 -> 1, 5 -> 1, 2 -> 1, 9 -> ceil(1.8) = 2.
    assert len(test) == 2 + 0 + 1 + 1 + 1 + 2

    answers = read_csv(prepared / "private" / "answers.csv")
    assert answers["Id"].tolist() == list(range(len(test)))
    assert answers["Predicted"].tolist() == [a["category_id"] for a, _ in test]
    sample = read_csv(public / "sample_submission.csv")
    assert sample["Id"].tolist() == answers["Id"].tolist() and (sample["Predicted"] == 0).all()

    test_meta = json.loads((public / "test" / "metadata.json").read_text())
    assert sorted(test_meta) == ["images", "info", "licenses"]
    for idx, (_, image) in enumerate(test):
        assert test_meta["images"][idx] == {**image, "id": str(idx), "file_name": f"images/000/{idx}.jpg"}
        assert (public / "test" / "images" / "000" / f"{idx}.jpg").read_bytes() == (raw / image["file_name"]).read_bytes()

    text = (public / "train" / "metadata.json").read_text()
    assert "Rosa species 12 S\\u00e4ll." in text  # read as UTF-8, written ASCII-escaped
    train_meta = json.loads(text)
    assert text == json.dumps(train_meta, indent=4, sort_keys=True)
    assert train_meta["images"] == [image for _, image in train]
    assert train_meta["annotations"] == [annotation for annotation, _ in train]
    assert train_meta["institutions"] == metadata["institutions"]
    for _, image in train:
        assert (public / "train" / image["file_name"]).read_bytes() == (raw / image["file_name"]).read_bytes()
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test", "train"]
