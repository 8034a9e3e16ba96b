"""alaska2-image-steganalysis: the weighted AUC against hand values, the split, the seeded test labels, the pins."""

import hashlib
import importlib.util
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "alaska2-image-steganalysis"
COVERS = 30
TEST_SIZE = 9
ALGORITHMS = ["JMiPOD", "JUNIWARD", "UERD"]


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


def load(competition, name):
    spec = importlib.util.spec_from_file_location(f"alaska2_{name}", competition.folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("alaska2")
    load(competition, "conformance").make_raw(root / "raw", np.random.default_rng(5), covers=COVERS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TEST_SIZE", TEST_SIZE)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def frames(labels, scores):
    ids = [f"{k:04d}.jpg" for k in range(1, len(labels) + 1)]
    return pd.DataFrame({"Id": ids, "Label": scores}), pd.DataFrame({"Id": ids, "Label": labels})


def test_weighted_auc_inserts_the_04_point(competition):
    # Ranked by score: +, -, +, +, - (3 positives, 2 negatives). ROC: TPR 1/3 for FPR in (0, 0.5), then 1.
    # Band [0, 0.4]: 1/3 * 0.5 + 0.4 * 0.5 = 11/30; band [0.4, 1]: 0.6 * 0.5 = 0.3.
    # (2 * 11/30 + 0.3) / 1.4 = 31/42. Without the inserted (0.5, 0.4) point (the public Kaggle kernel), band 1
    # would close from (0.5, 1/3) straight to (1, 0.4): 1/6 + 0.5 * (1/3 + 0.4) / 2 = 0.35, scoring 0.7381 -> 0.7262.
    sub, answers = frames([1, 0, 1, 1, 0], [0.9, 0.8, 0.7, 0.3, 0.2])
    assert score_frames(competition, sub, answers) == pytest.approx(round(31 / 42, 5))
    kernel = (2 * 0.35 + 0.3) / 1.4
    assert score_frames(competition, sub, answers) != pytest.approx(round(kernel, 5))


def test_constant_and_perfect_and_reversed(competition):
    labels = [1, 0, 1, 1, 0, 0, 1]
    sub, answers = frames(labels, 0.0)
    # Constant: the ROC is the diagonal; band 1 is the integral of min(x, 0.4) = 0.08 + 0.24 = 0.32, band 2 the
    # integral of max(x - 0.4, 0) = 0.18; (2 * 0.32 + 0.18) / 1.4 = 41/70.
    assert score_frames(competition, sub, answers) == pytest.approx(round(41 / 70, 5))
    assert score_frames(competition, sub.assign(Label=labels), answers) == 1.0
    assert score_frames(competition, sub.assign(Label=[-x for x in labels]), answers) == 0.0


def test_any_finite_range_and_extra_columns_accepted(competition):
    sub, answers = frames([1, 0, 1, 1, 0], [0.9, 0.8, 0.7, 0.3, 0.2])
    scaled = sub.assign(Label=sub["Label"] * 1000 - 400, note="x")
    assert score_frames(competition, scaled, answers) == pytest.approx(round(31 / 42, 5))
    assert score_frames(competition, scaled.iloc[::-1], answers) == pytest.approx(round(31 / 42, 5))


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf, "high"])
def test_nan_infinite_or_text_is_invalid(competition, value):
    sub, answers = frames([1, 0, 1, 1, 0], [0.9, 0.8, 0.7, 0.3, 0.2])
    sub = sub.astype({"Label": object})
    sub.loc[1, "Label"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def expected_test_set(new_test: list[Path]) -> list[tuple[str, Path, str | None]]:
    """The spec's draws, written out again: shuffle with random.seed(0), then a coin, then an algorithm."""
    state = random.getstate()
    try:
        random.seed(0)
        shuffled = list(new_test)
        random.shuffle(shuffled)
        out = []
        for k, cover in enumerate(shuffled):
            if random.choice([True, False]):
                out.append((f"{k + 1:04d}.jpg", cover, None))
            else:
                out.append((f"{k + 1:04d}.jpg", cover, random.choice(ALGORITHMS)))
        return out
    finally:
        random.setstate(state)


def test_split_renames_and_stego_sources(prepared):
    raw, public = prepared / "raw", prepared / "public"
    covers = sorted((raw / "Cover").glob("*.jpg"))
    new_train, new_test = train_test_split(covers, test_size=TEST_SIZE, random_state=42)
    assert sorted(p.name for p in (public / "Cover").iterdir()) == [f"{k:05d}.jpg" for k in range(1, COVERS - TEST_SIZE + 1)]
    for k, cover in enumerate(new_train):
        name = f"{k + 1:05d}.jpg"
        assert (public / "Cover" / name).read_bytes() == cover.read_bytes()
        for algorithm in ALGORITHMS:
            assert (public / algorithm / name).read_bytes() == (raw / algorithm / cover.name).read_bytes()
    answers = read_csv(prepared / "private" / "test.csv")
    expected = expected_test_set(new_test)
    assert answers["Id"].tolist() == [test_id for test_id, _, _ in expected]
    assert answers["Label"].tolist() == [0 if algorithm is None else 1 for _, _, algorithm in expected]
    assert set(answers["Label"]) == {0, 1}
    for test_id, cover, algorithm in expected:
        source = cover if algorithm is None else raw / algorithm / cover.name
        assert (public / "Test" / test_id).read_bytes() == source.read_bytes()
    assert sorted(p.name for p in public.iterdir()) == sorted(["Cover", "Test", *ALGORITHMS, "sample_submission.csv"])
    sample = read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["Id", "Label"] and (sample["Label"] == 0).all()
    assert sample["Id"].tolist() == answers["Id"].tolist()


def test_full_size_answers_match_mlebench_pins(competition, tmp_path, monkeypatch):
    # The answers depend only on the 5,000 test draws, so empty cover files reproduce MLE-bench's pinned bytes.
    (tmp_path / "raw" / "Cover").mkdir(parents=True)
    for k in range(1, 5003):
        (tmp_path / "raw" / "Cover" / f"{k:05d}.jpg").touch()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    placed = []
    monkeypatch.setitem(competition.prepare_fn.__globals__, "link_or_copy_many", placed.extend)
    competition.prepare_fn(tmp_path / "raw", tmp_path / "public", tmp_path / "private")
    assert len(placed) == 2 * 4 + 5000
    for side, pins in (("public", competition.checksums.public), ("private", competition.checksums.private)):
        for name, md5 in pins.items():
            assert hashlib.md5((tmp_path / side / name).read_bytes()).hexdigest() == md5, name
