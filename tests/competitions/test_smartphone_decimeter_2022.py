"""smartphone-decimeter-2022: the trip quantile metric by hand, positional pairing, NaN, the date split, the leak."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import pandas2_float, read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "smartphone-decimeter-2022"
RADIUS = 6_371_000


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("gsdc")
    module.make_raw(root / "raw", np.random.default_rng(4))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_case() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trip a: errors 0, 10, 20, 30, 40 m due north; trip b: errors 100, 100 m. Same longitude: d = R * dlat."""
    answers = pd.DataFrame({
        "tripId": ["a"] * 5 + ["b"] * 2,
        "UnixTimeMillis": [1, 2, 3, 4, 5, 1, 2],
        "LatitudeDegrees": [37.0, 37.1, 37.2, 37.3, 37.4, 10.0, 10.5],
        "LongitudeDegrees": [-122.0] * 5 + [5.0] * 2,
    })
    errors = np.array([0, 10, 20, 30, 40, 100, 100], dtype=float)
    sub = answers.assign(LatitudeDegrees=answers["LatitudeDegrees"] + np.rad2deg(errors / RADIUS))
    return sub, answers


def test_metric_matches_hand_value(competition):
    sub, answers = small_case()
    # Trip a: median 20, 95th percentile 30 + 0.8 * 10 = 38 (linear) -> 29; trip b: 100 -> mean 64.5.
    assert score_frames(competition, sub, answers) == pytest.approx(64.5, abs=1e-4)
    # Trips may be interleaved: only the order within a trip counts.
    assert score_frames(competition, sub.iloc[[5, 0, 1, 6, 2, 3, 4]], answers) == pytest.approx(64.5, abs=1e-4)


def test_rows_are_paired_by_position_not_timestamp(competition):
    sub, answers = small_case()
    swapped = sub.iloc[[4, 1, 2, 3, 0, 5, 6]].reset_index(drop=True)
    # The timestamps travel with their rows but are ignored: rows 0 and 4 of trip a are now compared crosswise.
    assert score_frames(competition, swapped, answers) != pytest.approx(64.5, abs=1e-2)
    relabelled = sub.assign(UnixTimeMillis=0)
    assert score_frames(competition, relabelled, answers) == pytest.approx(64.5, abs=1e-4)


def test_nan_coordinate_gives_nan_score(competition):
    sub, answers = small_case()
    sub.loc[2, "LongitudeDegrees"] = np.nan
    assert math.isnan(score_frames(competition, sub, answers))


def test_trip_row_counts_must_match(competition):
    sub, answers = small_case()
    sub.loc[4, "tripId"] = "b"
    with pytest.raises(InvalidSubmissionError, match="rows for a test trip"):
        score_frames(competition, sub, answers)


def test_date_split_answers_and_public_folders(prepared):
    drives = sorted(p.name for p in (prepared / "raw" / "train").iterdir())
    dates = sorted({d[:10] for d in drives})
    n_test = math.ceil(0.1 * len(dates))
    perm = np.random.RandomState(0).permutation(len(dates))
    test_dates = {dates[i] for i in perm[:n_test]}
    test_drives = [d for d in drives if d[:10] in test_dates]
    assert sorted(p.name for p in (prepared / "public" / "test").iterdir()) == test_drives
    assert sorted(p.name for p in (prepared / "public" / "train").iterdir()) == [d for d in drives if d not in test_drives]

    expected = []
    for drive in test_drives:
        for phone in sorted(p.name for p in (prepared / "raw" / "train" / drive).iterdir()):
            text = pd.read_csv(prepared / "raw" / "train" / drive / phone / "ground_truth.csv", dtype=str)
            expected.append(pd.DataFrame({
                "tripId": f"{drive}-{phone}", "UnixTimeMillis": text["UnixTimeMillis"].astype(int),
                # MLE-bench's pandas 2 parses these with its default (not round-trip) parser: pandas2_float.
                "LatitudeDegrees": [pandas2_float(t) for t in text["LatitudeDegrees"]],
                "LongitudeDegrees": [pandas2_float(t) for t in text["LongitudeDegrees"]],
            }))
    expected = pd.concat(expected, ignore_index=True)
    answers = read_csv(prepared / "private" / "test.csv")
    assert answers.equals(expected)
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample[["tripId", "UnixTimeMillis"]].equals(answers[["tripId", "UnixTimeMillis"]])
    assert (sample["LatitudeDegrees"] == 37.904611315634504).all()
    assert (sample["LongitudeDegrees"] == -86.48107806249548).all()
    assert not list((prepared / "public" / "test").rglob("ground_truth.csv"))
    assert len(list((prepared / "public" / "train").rglob("ground_truth.csv"))) > 0
    assert list((prepared / "raw" / "train" / test_drives[0]).rglob("ground_truth.csv"))  # raw is left whole
    assert sorted(p.name for p in (prepared / "public" / "metadata").iterdir()) == sorted(
        p.name for p in (prepared / "raw" / "metadata").iterdir())


def test_span_logs_of_test_phones_stay_public(prepared):
    """MLE-bench #93: the reference receiver's track is public for the test phones (a leak we keep for parity)."""
    assert list((prepared / "public" / "test").rglob("span_log.nmea"))


def test_drive_date_pads_month_and_day(competition):
    date = competition.prepare_fn.__globals__["drive_date"]
    assert date("2020-5-1-US-MTV-1") == "2020-05-01"
    with pytest.raises(ValueError):
        date("US-MTV-1")


def test_answers_keep_pandas2_parsing_of_ground_truth(prepared):
    """17-digit coordinates: pandas 2's default parser is an ulp off for some, and MLE-bench's answers keep that."""
    raw_lines = []
    for path in sorted((prepared / "raw" / "train").rglob("ground_truth.csv")):
        raw_lines += [line.split(",")[2] for line in path.read_text().splitlines()[1:]]
    assert any(pandas2_float(t) != float(t) for t in raw_lines)
    assert pandas2_float("37.398696842768395") == 37.3986968427684  # what pandas 2.2.3's read_csv gives
