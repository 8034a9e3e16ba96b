"""tensorflow-speech-recognition-challenge: accuracy by hand, the 10% split of the sorted clips, the renamed test
clips, and MLE-bench's quirks (raw folder names as labels, the sample scoring 0, speakers shared with train)."""

import math
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.data.formats.archives import list_members
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "tensorflow-speech-recognition-challenge"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("speech")
    module.make_raw(root / "raw", np.random.default_rng(8))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def test_accuracy_by_hand(competition):
    answers = pd.DataFrame({"fname": ["clip_00000000.wav", "clip_00000001.wav", "clip_00000002.wav",
                                      "clip_00000003.wav"], "label": ["yes", "bed", "_background_noise_", "no"]})
    # 2 of 4 exact: 'Bed' differs by case, 'silence' is no answer at all.
    sub = answers.assign(label=["yes", "Bed", "silence", "no"]).iloc[::-1]
    assert score_frames(competition, sub, answers) == 0.5


def test_missing_or_numeric_labels_are_invalid(competition):
    answers = pd.DataFrame({"fname": ["a.wav", "b.wav"], "label": ["yes", "no"]})
    for labels in ([np.nan, "no"], [1, 2]):
        with pytest.raises(InvalidSubmissionError):
            score_frames(competition, answers.assign(label=labels), answers)


def test_split_of_sorted_clips_and_raw_labels(competition, prepared):
    members = [PurePosixPath(n) for n in list_members(prepared / "raw" / "train.7z")
               if n.startswith("train/audio/") and n.endswith(".wav")]
    clips = sorted(((m.parent.name, m.name) for m in members), key=lambda c: f"{c[0]}_{c[1]}")
    n_test = math.ceil(0.1 * len(clips))
    perm = np.random.RandomState(0).permutation(len(clips))
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(answers.columns) == ["fname", "label"]
    assert answers["fname"].tolist() == [f"clip_{i:08d}.wav" for i in range(n_test)]
    assert answers["label"].tolist() == [clips[i][0] for i in perm[:n_test]]
    for i, fname in zip(perm[:n_test], answers["fname"], strict=True):
        label, name = clips[i]
        placed = prepared / "public" / "test" / "audio" / fname
        assert placed.read_bytes() == (prepared / "raw" / "train" / "audio" / label / name).read_bytes()
    train = sorted(str(p.relative_to(prepared / "public" / "train" / "audio"))
                   for p in (prepared / "public" / "train" / "audio").rglob("*.wav"))
    assert train == sorted(f"{clips[i][0]}/{clips[i][1]}" for i in perm[n_test:])
    assert not set(answers["label"]) & {"silence", "unknown"}


def test_sample_scores_zero_and_speakers_are_shared(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert (sample["label"] == "silence").all()
    assert score_frames(competition, sample, answers) == 0.0
    # A random split of files, not of speakers: test clips' speakers also speak in train (MLE-bench #63).
    raw_of_test = {}
    members = [PurePosixPath(n) for n in list_members(prepared / "raw" / "train.7z") if n.endswith(".wav")]
    for fname in answers["fname"]:
        data = (prepared / "public" / "test" / "audio" / fname).read_bytes()
        raw_of_test[fname] = next(m.name for m in members
                                  if (prepared / "raw" / m).read_bytes() == data)
    train_speakers = {p.name.split("_nohash_")[0] for p in (prepared / "public" / "train" / "audio").rglob("*.wav")}
    shared = [n for n in raw_of_test.values() if n.split("_nohash_")[0] in train_speakers]
    assert shared
