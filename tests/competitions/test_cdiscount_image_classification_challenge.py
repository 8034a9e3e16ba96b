"""cdiscount-image-classification-challenge: accuracy against scikit-learn, the 10% split, the BSON bytes kept."""

import math
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

bson = pytest.importorskip("bson", reason="pymongo's bson package")

CID = "cdiscount-image-classification-challenge"
PRODUCTS = 57
EXAMPLES = 7


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("cdiscount")
    module.make_raw(root / "raw", np.random.default_rng(2), products=PRODUCTS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TRAIN_EXAMPLE_SIZE", EXAMPLES)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def raw_documents(path: Path) -> list[bytes]:
    """Each document's bytes, cut at the int32 length every BSON document starts with."""
    data, out, offset = path.read_bytes(), [], 0
    while offset < len(data):
        (length,) = struct.unpack_from("<i", data, offset)
        out.append(data[offset:offset + length])
        offset += length
    return out


def test_accuracy_matches_sklearn_and_hand_value(competition):
    answers = pd.DataFrame({"_id": [3, 1, 2], "category_id": [1000010653, 1000004079, 1000010653]})
    sub = pd.DataFrame({"_id": [1, 2, 3], "category_id": [1000004079, 1000004079, 1000010653.0]})
    # Matched by _id: 1 right, 2 wrong, 3 right (a whole float counts) -> 2/3.
    assert accuracy_score([1000004079, 1000010653, 1000010653], [1000004079, 1000004079, 1000010653.0]) == pytest.approx(2 / 3)
    assert score_frames(competition, sub, answers) == pytest.approx(round(2 / 3, 5))


@pytest.mark.parametrize("value", [1000010653.5, np.nan, "1000010653a"])
def test_labels_scikit_learn_refuses_are_invalid(competition, value):
    answers = pd.DataFrame({"_id": [1, 2], "category_id": [1000010653, 1000004079]})
    sub = answers.astype({"category_id": object})
    sub.loc[0, "category_id"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_keeps_ids_and_document_bytes(prepared):
    raw, public = prepared / "raw", prepared / "public"
    chunks = raw_documents(raw / "train.bson")
    documents = [bson.decode(chunk) for chunk in chunks]
    frame = pd.DataFrame({"_id": [d["_id"] for d in documents], "category_id": [d["category_id"] for d in documents]})
    new_train, new_test = train_test_split(frame, test_size=0.1, random_state=0)
    assert len(new_test) == math.ceil(0.1 * PRODUCTS)

    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["_id", "category_id"]
    assert answers["_id"].tolist() == sorted(new_test["_id"])  # original _ids, sorted
    assert answers.set_index("_id")["category_id"].to_dict() == new_test.set_index("_id")["category_id"].to_dict()
    sample = read_csv(public / "sample_submission.csv")
    assert sample["_id"].tolist() == answers["_id"].tolist() and (sample["category_id"] == 1000010653).all()

    train_ids, test_ids = set(new_train["_id"]), set(new_test["_id"])
    train_chunks = [c for c, d in zip(chunks, documents, strict=True) if d["_id"] in train_ids]
    # Unchanged bytes, raw order: the int64 category_id stays int64 through pymongo's round trip.
    assert (public / "train.bson").read_bytes() == b"".join(train_chunks)
    assert (public / "train_example.bson").read_bytes() == b"".join(train_chunks[:EXAMPLES])
    test_docs = [bson.decode(c) for c in raw_documents(public / "test.bson")]
    expected = [{k: v for k, v in d.items() if k != "category_id"} for d in documents if d["_id"] in test_ids]
    assert test_docs == expected and all(list(d) == ["_id", "imgs"] for d in test_docs)
    assert (public / "category_names.csv").read_bytes() == (raw / "category_names.csv").read_bytes()
    assert sorted(p.name for p in public.iterdir()) == [
        "category_names.csv", "sample_submission.csv", "test.bson", "train.bson", "train_example.bson"]
