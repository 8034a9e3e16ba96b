"""the-icml-2013-whale-challenge-right-whale-redux: AUC by hand, the temporal split, renamed clips, archives."""

import io
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.frames import read_csv

CID = "the-icml-2013-whale-challenge-right-whale-redux"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("whale")
    conformance.make_raw(root / "raw", np.random.default_rng(9), per_day=7)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def raw_clips(root: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(root / "raw" / "train2.zip") as archive:
        return {Path(n).name: archive.read(n) for n in archive.namelist() if not n.endswith("/")}


def public_clips(root: Path, name: str) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(root / "public" / f"{name}.zip") as archive:
        return [(Path(n).name, archive.read(n)) for n in archive.namelist() if not n.endswith("/")]


def test_auc_matches_hand_computation_and_sklearn(competition):
    clips = [f"20090330_00000{n}_001s0ms_Test{n}.aif" for n in range(4)]
    answers = pd.DataFrame({"clip": clips, "probability": [1, 0, 1, 0]})
    scores = [0.7, 0.7, 0.2, 0.1]
    # positives 0.7, 0.2 vs negatives 0.7, 0.1: 0.5 + 1 + 0 + 1 = 2.5 of 4 pairs.
    sub = answers.assign(probability=scores)
    assert roc_auc_score(answers["probability"], scores) == pytest.approx(2.5 / 4)
    assert competition.grade_fn(sub, answers) == pytest.approx(2.5 / 4)
    assert competition.grade_fn(sub.iloc[[2, 0, 3, 1]], answers) == pytest.approx(2.5 / 4)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sampleSubmission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert sample["clip"].tolist() == answers["clip"].tolist()
    assert competition.grade_fn(sample, answers) == pytest.approx(0.5)
    assert all(line.endswith(",0") for line in (prepared / "public" / "sampleSubmission.csv").read_text().splitlines()[1:])


def test_first_two_days_train_last_two_test_in_name_order(prepared):
    clips = raw_clips(prepared)
    days = sorted({name[:8] for name in clips})
    early = sorted(n for n in clips if n[:8] in days[:2])
    late = sorted(n for n in clips if n[:8] in days[2:])
    train = public_clips(prepared, "train2")
    assert [n for n, _ in train] == [re.sub(r"TRAIN\d+_", f"TRAIN{i}_", old) for i, old in enumerate(early)]
    assert [data for _, data in train] == [clips[old] for old in early]
    test = public_clips(prepared, "test2")
    assert [n for n, _ in test] == [old[: old.index("TRAIN")] + f"Test{i}.aif" for i, old in enumerate(late)]
    assert [data for _, data in test] == [clips[old] for old in late]
    answers = read_csv(prepared / "private" / "test.csv")
    assert answers["clip"].tolist() == [n for n, _ in test]
    assert answers["probability"].tolist() == [int(old.endswith("_1.aif")) for old in late]


def test_test_clip_names_carry_no_label(prepared):
    for name, _ in public_clips(prepared, "test2"):
        assert re.fullmatch(r"\d{8}_\d{6}_\d{3}s\dms_Test\d+\.aif", name)


def test_archives_hold_a_folder_entry_then_deflated_clips(prepared):
    for name in ("train2", "test2"):
        with zipfile.ZipFile(prepared / "public" / f"{name}.zip") as archive:
            infos = archive.infolist()
        assert infos[0].filename == f"{name}/" and infos[0].is_dir()
        assert all(i.filename.startswith(f"{name}/") and i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])
    assert sorted(p.name for p in (prepared / "public").iterdir()) == ["sampleSubmission.csv", "test2.zip", "train2.zip"]
    assert not (prepared / "raw" / "train2").exists()


def test_clips_are_real_aiff(prepared):
    _, data = public_clips(prepared, "test2")[0]
    assert data[:4] == b"FORM" and data[8:12] == b"AIFF"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        aifc = pytest.importorskip("aifc")  # gone from Python 3.13
    with aifc.open(io.BytesIO(data)) as clip:
        assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, 2000)


def test_a_fifth_day_stops_preparation(competition, conformance, tmp_path):
    conformance.make_raw(tmp_path / "raw", np.random.default_rng(1), per_day=2)
    with zipfile.ZipFile(tmp_path / "raw" / "train2.zip", "a") as archive:
        archive.writestr("train2/20090401_000000_001s0ms_TRAIN99_0.aif", conformance.aiff(np.random.default_rng(2)))
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    with pytest.raises(ValueError, match="4 days"):
        competition.prepare_fn(tmp_path / "raw", tmp_path / "public", tmp_path / "private")
