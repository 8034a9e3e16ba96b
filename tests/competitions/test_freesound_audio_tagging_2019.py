"""freesound-audio-tagging-2019: lwlrap against hand values and scikit-learn, Kaggle's files unchanged, and the
test labels taken from raw/ or downloaded (a local stand-in HTTP server) with one-sentence errors."""

import functools
import hashlib
import http.server
import threading
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import label_ranking_average_precision_score
from test_conformance import conformance_module

from pytest_mlebench.errors import ChecksumError, InvalidSubmissionError, PrerequisiteError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "freesound-audio-tagging-2019"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture()
def served(tmp_path):
    """A stand-in for Zenodo on 127.0.0.1: files put in the yielded folder are served."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def prepare(competition, root: Path, **constants) -> None:
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in constants.items():
            patch.setitem(competition.prepare_fn.__globals__, name, value)
        competition.prepare_fn(root / "raw", root / "public", root / "private")


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"fname": ["a.wav", "b.wav", "c.wav"], "A": [1, 0, 0], "B": [0, 1, 0], "C": [0, 1, 0]})


def test_lwlrap_matches_hand_value_and_sklearn(competition):
    sub = pd.DataFrame({"fname": ["b.wav", "a.wav", "c.wav"],
                        "A": [0.8, 0.9, 0.3], "B": [0.7, 0.5, 0.2], "C": [0.1, 0.1, 0.1]})
    # a.wav: A ranked first -> 1. b.wav: B second behind A -> 1/2; C third with B above -> 2/3.
    # Three true labels weigh equally: (1 + 1/2 + 2/3) / 3 = 13/18. c.wav has no label and is dropped.
    truth = np.array([[1, 0, 0], [0, 1, 1]])
    scores = np.array([[0.9, 0.5, 0.1], [0.8, 0.7, 0.1]])
    assert label_ranking_average_precision_score(truth, scores, sample_weight=truth.sum(axis=1)) == pytest.approx(13 / 18)
    assert score_frames(competition, sub, small_answers()) == pytest.approx(round(13 / 18, 5))


def test_class_columns_in_another_order_are_invalid(competition):
    sub = small_answers()[["fname", "B", "A", "C"]].astype({"A": float, "B": float, "C": float})
    with pytest.raises(InvalidSubmissionError, match="class columns in the sample submission's order"):
        score_frames(competition, sub, small_answers())


def test_labels_in_raw_are_used_without_network(competition, conformance, tmp_path):
    test_clips = conformance.make_raw(tmp_path / "raw", np.random.default_rng(1))
    prepare(competition, tmp_path, META_URL="http://127.0.0.1:9/unreachable.zip")
    answers = read_csv(tmp_path / "private" / "test.csv")
    with zipfile.ZipFile(tmp_path / "raw" / "FSDKaggle2019.meta.zip") as archive:
        labels = pd.read_csv(archive.open("FSDKaggle2019.meta/test_post_competition.csv"))
    private = labels[labels["usage"] == "Private"]
    assert answers["fname"].tolist() == private["fname"].tolist()  # the labels file's order
    assert sorted(answers["fname"]) == test_clips
    assert list(answers.columns) == ["fname", *conformance.CLASSES]
    for (_, row), text in zip(answers.iterrows(), private["labels"], strict=True):
        assert {c for c in conformance.CLASSES if row[c] == 1} == set(text.split(","))
    # Kaggle's files go to public/ unchanged; the labels zip does not.
    raw_files = sorted(p.name for p in (tmp_path / "raw").iterdir() if "FSDKaggle2019.meta" not in p.name)
    assert sorted(p.name for p in (tmp_path / "public").iterdir()) == raw_files
    for name in raw_files:
        assert (tmp_path / "public" / name).read_bytes() == (tmp_path / "raw" / name).read_bytes()


def test_labels_are_downloaded_when_missing(competition, conformance, tmp_path, served):
    folder, base = served
    test_clips = conformance.make_raw(tmp_path / "raw", np.random.default_rng(1), with_labels=False)
    payload = conformance.labels_zip(np.random.default_rng(2), test_clips)
    (folder / "FSDKaggle2019.meta.zip").write_bytes(payload)
    prepare(competition, tmp_path, META_URL=f"{base}/FSDKaggle2019.meta.zip?download=1",
            META_MD5=hashlib.md5(payload).hexdigest())
    assert sorted(read_csv(tmp_path / "private" / "test.csv")["fname"]) == test_clips
    assert (tmp_path / "raw" / "FSDKaggle2019.meta.zip").read_bytes() == payload  # kept for the next time
    assert not any("FSDKaggle2019" in p.name for p in (tmp_path / "public").iterdir())


def test_a_download_with_another_checksum_is_refused(competition, conformance, tmp_path, served):
    folder, base = served
    test_clips = conformance.make_raw(tmp_path / "raw", np.random.default_rng(1), with_labels=False)
    (folder / "FSDKaggle2019.meta.zip").write_bytes(conformance.labels_zip(np.random.default_rng(2), test_clips))
    with pytest.raises(ChecksumError, match="md5 is"):
        prepare(competition, tmp_path, META_URL=f"{base}/FSDKaggle2019.meta.zip", META_MD5="0" * 32)


def test_missing_everywhere_says_what_to_do(competition, conformance, tmp_path, served):
    _, base = served
    conformance.make_raw(tmp_path / "raw", np.random.default_rng(1), with_labels=False)
    with pytest.raises(PrerequisiteError, match=r"FSDKaggle2019\.meta\.zip .*download the file by hand into") as info:
        prepare(competition, tmp_path, META_URL=f"{base}/FSDKaggle2019.meta.zip")
    assert str(info.value).count(". ") == 0  # one sentence
    assert not list((tmp_path / "raw").glob("*FSDKaggle2019.meta*"))  # no partial file left behind


def test_unreachable_server_is_a_prerequisite_error(competition, conformance, tmp_path):
    conformance.make_raw(tmp_path / "raw", np.random.default_rng(1), with_labels=False)
    with pytest.raises(PrerequisiteError, match="could not be downloaded"):
        prepare(competition, tmp_path, META_URL="http://127.0.0.1:9/FSDKaggle2019.meta.zip", DOWNLOAD_TIMEOUT_S=5)
