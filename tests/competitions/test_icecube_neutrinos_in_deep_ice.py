"""icecube-neutrinos-in-deep-ice: mean angular error by hand, the split by whole batch, the batch files' placement."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.data.formats.tables import read_parquet
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "icecube-neutrinos-in-deep-ice"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("icecube")
    module.make_raw(root / "raw", np.random.default_rng(5))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"event_id": [10, 20, 30, 40],
                         "azimuth": [0.0, 1.0, 2.0, 0.3], "zenith": [math.pi / 2, 0.5, 0.0, 1.2]})


def test_mean_angular_error_against_unit_vectors(competition):
    answers = small_answers()
    # x-axis against y-axis: pi/2; identical: 0; straight up against straight down: pi; the last one below.
    sub = answers.assign(azimuth=[math.pi / 2, 1.0, 2.0, 2.5], zenith=[math.pi / 2, 0.5, math.pi, 2.0])

    def vectors(frame):
        az, zen = frame["azimuth"].to_numpy(), frame["zenith"].to_numpy()
        return np.stack([np.sin(zen) * np.cos(az), np.sin(zen) * np.sin(az), np.cos(zen)], axis=1)

    pairs = zip(vectors(answers), vectors(sub), strict=True)
    angles = [math.acos(max(-1.0, min(1.0, float(u @ v)))) for u, v in pairs]
    assert angles[:3] == pytest.approx([math.pi / 2, 0.0, math.pi], abs=1e-7)
    assert score_frames(competition, sub, answers) == pytest.approx(np.mean(angles), abs=1e-5)
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == pytest.approx(np.mean(angles), abs=1e-5)


def test_angles_are_not_range_checked(competition):
    answers = small_answers()
    # An azimuth shifted by 2*pi is the same direction: no range check refuses it (as in MLE-bench).
    shifted = answers.assign(azimuth=answers["azimuth"] + 2 * math.pi)
    assert score_frames(competition, shifted, answers) == pytest.approx(0.0, abs=1e-7)
    assert score_frames(competition, answers.assign(zenith=answers["zenith"] + 100.0), answers) > 0


@pytest.mark.parametrize("column", ["azimuth", "zenith"])
def test_nan_text_or_extra_column_is_invalid(competition, column):
    answers = small_answers()
    for sub in (answers.assign(**{column: [0.1, np.nan, 0.2, 0.3]}), answers.assign(**{column: ["a", 1, 2, 3]}),
                answers.assign(extra=1)):
        with pytest.raises(InvalidSubmissionError):
            score_frames(competition, sub, answers)


def test_split_by_whole_batch(prepared):
    raw = read_parquet(prepared / "raw" / "train_meta.parquet")
    batches = raw["batch_id"].unique()
    n_test = math.ceil(0.1 * len(batches))
    perm = np.random.RandomState(0).permutation(len(batches))
    test_batches, train_batches = set(batches[perm[:n_test]]), set(batches[perm[n_test:]])
    train = read_parquet(prepared / "public" / "train_meta.parquet")
    test = read_parquet(prepared / "public" / "test_meta.parquet")
    answers = read_csv(prepared / "private" / "test.csv")
    expected_test = raw[raw["batch_id"].isin(test_batches)].reset_index(drop=True)
    expected_train = raw[raw["batch_id"].isin(train_batches)].reset_index(drop=True)
    pd.testing.assert_frame_equal(train, expected_train)
    pd.testing.assert_frame_equal(test, expected_test.drop(columns=["azimuth", "zenith"]))
    assert list(answers.columns) == ["event_id", "azimuth", "zenith"]
    assert answers["event_id"].tolist() == expected_test["event_id"].tolist()
    np.testing.assert_array_equal(answers[["azimuth", "zenith"]], expected_test[["azimuth", "zenith"]])
    for side, wanted in (("train", train_batches), ("test", test_batches)):
        names = sorted(p.name for p in (prepared / "public" / side).iterdir())
        assert names == sorted(f"batch_{b}.parquet" for b in wanted)
        for name in names:
            assert (prepared / "public" / side / name).read_bytes() == (prepared / "raw" / "train" / name).read_bytes()


def test_sample_submission_is_ones_as_integers(competition, prepared):
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines[0] == "event_id,azimuth,zenith"
    assert all(line.endswith(",1,1") for line in lines[1:])
    assert (prepared / "public" / "sensor_geometry.csv").read_bytes() == (
        prepared / "raw" / "sensor_geometry.csv").read_bytes()
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert 0 < score_frames(competition, sample, answers) < math.pi
