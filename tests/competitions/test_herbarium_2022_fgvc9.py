"""herbarium-2022-fgvc9: macro F1 on int() labels, every category split, train renamed, test metadata a list."""

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

CID = "herbarium-2022-fgvc9"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("herbarium2022")
    conformance(competition).make_raw(root / "raw", np.random.default_rng(6))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def test_macro_f1_by_hand_and_sklearn(competition):
    # Classes {42, 7, 9}: 42 tp 2 -> 1; 7 tp 0, fn 1 -> 0; 9 fp 1 -> 0. Mean 1/3.
    answers = pd.DataFrame({"Id": [0, 1, 2], "Predicted": [42, 42, 7]})
    sub = pd.DataFrame({"Id": [0, 1, 2], "Predicted": [42, 42, 9]})
    assert f1_score([42, 42, 7], [42, 42, 9], average="macro") == pytest.approx(1 / 3)
    assert score_frames(competition, sub, answers) == pytest.approx(round(1 / 3, 5))
    assert score_frames(competition, sub.assign(Predicted=[42.9, 42, 7.5]), answers) == 1.0  # int() truncates


@pytest.mark.parametrize("value", [np.nan, np.inf, "forty-two"])
def test_what_int_refuses_is_invalid(competition, value):
    answers = pd.DataFrame({"Id": [0, 1], "Predicted": [42, 7]})
    sub = answers.astype({"Predicted": object})
    sub.loc[1, "Predicted"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_renames_and_files(prepared):
    raw, public = prepared / "raw", prepared / "public"
    metadata = json.loads((raw / "train_metadata.json").read_text())
    train, test, categories = expected_split(metadata, image_key="image_id", small_categories=False)
    # Test images per category: 6 -> 2, 2 -> 1, 3 -> 1, 5 -> 1, 4 -> 1 (ceil of 20%), no category kept whole.
    assert len(test) == 2 + 1 + 1 + 1 + 1

    answers = read_csv(prepared / "private" / "answers.csv")
    assert answers["Id"].tolist() == list(range(len(test)))
    assert answers["Predicted"].tolist() == [a["category_id"] for a, _ in test]
    sample = read_csv(public / "sample_submission.csv")
    assert sample["Id"].tolist() == answers["Id"].tolist() and (sample["Predicted"] == 42).all()

    test_text = (public / "test_metadata.json").read_text()
    test_meta = json.loads(test_text)
    assert isinstance(test_meta, list) and test_text == json.dumps(test_meta, indent=4, sort_keys=True)
    for idx, (_, image) in enumerate(test):
        file_name = f"000/test-{idx:06d}.jpg"
        assert test_meta[idx] == {**image, "image_id": str(idx), "file_name": file_name}
        assert (public / "test_images" / file_name).read_bytes() == (raw / "train_images" / image["file_name"]).read_bytes()

    train_text = (public / "train_metadata.json").read_text()
    train_meta = json.loads(train_text)
    assert train_text == json.dumps(train_meta, indent=4, sort_keys=True) and "M\\u00f6nch" in train_text
    expected_images, expected_annotations, counts = [], [], {}
    for annotation, image in sorted(train, key=lambda pair: categories.index(pair[0]["category_id"])):
        category = annotation["category_id"]
        counts[category] = counts.get(category, 0) + 1
        image_id = f"{category:05d}__{counts[category]:03d}"
        file_name = f"{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
        expected_annotations.append({**annotation, "image_id": image_id})
        expected_images.append({**image, "image_id": image_id, "file_name": file_name})
        assert (public / "train_images" / file_name).read_bytes() == (raw / "train_images" / image["file_name"]).read_bytes()
    assert train_meta["images"] == expected_images
    assert train_meta["annotations"] == expected_annotations
    for key in ("categories", "distances", "genera", "institutions", "licenses"):
        assert train_meta[key] == metadata[key]
    assert sorted(p.name for p in public.iterdir()) == [
        "sample_submission.csv", "test_images", "test_metadata.json", "train_images", "train_metadata.json"]


def test_a_single_image_category_fails_as_in_mlebench(competition, tmp_path, monkeypatch):
    module = conformance(competition)
    monkeypatch.setattr(module, "CATEGORY_SIZES", {5: 3, 6: 1})
    module.make_raw(tmp_path / "raw", np.random.default_rng(0))
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    with pytest.raises(ValueError):
        competition.prepare_fn(tmp_path / "raw", tmp_path / "public", tmp_path / "private")
