"""cassava-leaf-disease-classification: accuracy against scikit-learn, the split by TFRecord shard, the label leak."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from test_conformance import conformance_module

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.integrity.leakage import audited, stored_audit
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.scoring.grade import score_frames

CID = "cassava-leaf-disease-classification"
tfrecord_reader = pytest.importorskip("tfrecord.reader", reason="the tfrecord package reads shards independently")


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("cassava")
    module.make_raw(root / "raw", np.random.default_rng(11), per_shard=3)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def shard_records(path: Path) -> list[dict]:
    return list(tfrecord_reader.tfrecord_loader(str(path), None))


def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    answers = pd.DataFrame({"image_id": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"], "label": [0, 3, 4, 3]})
    return answers.assign(label=[0, 3, 1, 2]), answers


def test_accuracy_matches_sklearn_and_hand_value(competition):
    sub, answers = small()
    assert accuracy_score(answers["label"], sub["label"]) == 0.5  # a and b right, c and d wrong
    assert score_frames(competition, sub, answers) == 0.5
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == 0.5


def test_integer_valued_floats_and_unknown_classes_are_labels(competition):
    # MLE-bench hands both columns to scikit-learn: 3.0 equals 3; 7 is no class but a valid (wrong) label.
    sub, answers = small()
    assert score_frames(competition, sub.assign(label=[0.0, 3.0, 7.0, 7.0], note="x"), answers) == 0.5


@pytest.mark.parametrize("value", [2.5, np.nan, np.inf, "mosaic"])
def test_labels_scikit_learn_refuses_are_invalid(competition, value):
    sub, answers = small()
    sub = sub.astype({"label": object})
    sub.loc[1, "label"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_by_shard(prepared):
    raw, public = prepared / "raw", prepared / "public"
    shards = sorted((raw / "train_tfrecords").glob("*.tfrec"))
    assert len(shards) == 16
    train_shards, test_shards = train_test_split(shards, test_size=0.1, random_state=0)
    # The spec's positions of the sorted 16 shards.
    assert [shards.index(s) for s in test_shards] == [1, 6]
    assert [shards.index(s) for s in train_shards] == [8, 9, 13, 4, 2, 14, 10, 7, 15, 11, 3, 0, 5, 12]
    test_ids = {r["image_name"].decode() for s in test_shards for r in shard_records(s)}
    assert len(test_ids) == 6

    raw_train = read_csv(raw / "train.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(public / "train.csv")
    assert list(answers.columns) == list(train.columns) == ["image_id", "label"]
    assert answers["image_id"].tolist() == [i for i in raw_train["image_id"] if i in test_ids]
    assert train["image_id"].tolist() == [i for i in raw_train["image_id"] if i not in test_ids]
    assert answers["label"].tolist() == raw_train.set_index("image_id").loc[answers["image_id"], "label"].tolist()
    sample = read_csv(public / "sample_submission.csv")
    assert sample["image_id"].tolist() == answers["image_id"].tolist() and (sample["label"] == 4).all()

    for prefix, folder, chosen in (("ld_train", "train_tfrecords", train_shards), ("ld_test", "test_tfrecords", test_shards)):
        names = [f"{prefix}{i:02d}-3.tfrec" for i in range(len(chosen))]
        assert sorted(p.name for p in (public / folder).iterdir()) == names
        for name, shard in zip(names, chosen, strict=True):
            assert (public / folder / name).read_bytes() == shard.read_bytes()
    for folder, frame in (("train_images", train), ("test_images", answers)):
        assert sorted(p.name for p in (public / folder).iterdir()) == sorted(frame["image_id"])
        for image_id in frame["image_id"]:
            assert (public / folder / image_id).read_bytes() == (raw / "train_images" / image_id).read_bytes()
    assert json.loads((public / "label_num_to_disease_map.json").read_text())["4"] == "Healthy"


def test_public_test_shards_leak_the_labels(prepared):
    # MLE-bench copies the test shards unchanged: each record's 'target' is the answer.
    answers = read_csv(prepared / "private" / "test.csv").set_index("image_id")["label"]
    leaked = {}
    for shard in sorted((prepared / "public" / "test_tfrecords").iterdir()):
        for record in shard_records(shard):
            leaked[record["image_name"].decode()] = int(record["target"][0])
    assert leaked == answers.to_dict()


def test_the_leakage_audit_finds_the_target_feature(competition, tmp_path):
    # At the conformance suite's 4 test images the leak is no evidence; at 30 it is certain.
    module = conformance_module(competition)
    module.make_raw(DataLayout(tmp_path, CID).raw, np.random.default_rng(0), per_shard=15)
    audited(prepare_competition(competition, tmp_path, download=None), competition, tmp_path)
    report = stored_audit(tmp_path, CID)
    found = [(f["kind"], f["file"], f["column"]) for f in report["findings"]]
    assert found == [("predictive-column", "test_tfrecords/*.tfrec", "target")]
