"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train/<drive>/<phone>/ logs, metadata/)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 0.0
ID_COLUMN = "tripId"
# Drives are split by date; the public listings of both sides are the drive folders.
PUBLIC_TEST = "test"
PUBLIC_TRAIN = "train"
IDS_ARE_FOLDERS = True  # public train/ and test/ hold one folder per id
ANSWER_COLUMNS = ["LatitudeDegrees", "LongitudeDegrees"]
DRIVES = ["2020-05-15-US-MTV-1", "2020-05-15-US-MTV-2", "2020-07-08-US-MTV-1", "2021-01-04-US-RWC-1",
          "2021-04-22-US-SJC-1", "2021-04-22-US-SJC-2", "2021-07-14-US-MTV-1", "2022-01-04-US-MTV-1"]
PHONES = ["GooglePixel4XL", "GooglePixel5", "SamsungGalaxyS20Ultra"]
TRUTH_COLUMNS = ["MessageType", "Provider", "LatitudeDegrees", "LongitudeDegrees", "AltitudeMeters", "SpeedMps",
                 "AccuracyMeters", "BearingDegrees", "UnixTimeMillis"]


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train/<drive>/<phone>/{ground_truth,device_gnss,device_imu}.csv + supplemental/, metadata/, test/."""
    for k, drive in enumerate(DRIVES):
        for phone in PHONES[: 1 + k % 2]:
            _phone_folder(raw / "train" / drive / phone, rng, truth=True)
    _phone_folder(raw / "test" / "2022-04-25-US-OAK-1" / "GooglePixel4", rng, truth=False)
    (raw / "metadata").mkdir(parents=True)
    (raw / "metadata" / "raw_state_bit_map.json").write_text('{"0": "STATE_UNKNOWN", "1": "STATE_CODE_LOCK"}\n')
    (raw / "metadata" / "accumulated_delta_range_state_bit_map.json").write_text('{"0": "ADR_STATE_UNKNOWN"}\n')
    pd.DataFrame({"tripId": ["2022-04-25-US-OAK-1/GooglePixel4"], "UnixTimeMillis": [1650925000000],
                  "LatitudeDegrees": [37.9], "LongitudeDegrees": [-86.4]}).to_csv(raw / "sample_submission.csv", index=False)


def _phone_folder(folder: Path, rng: np.random.Generator, truth: bool) -> None:
    rows = int(rng.integers(5, 9))
    times = 1589570000000 + 1000 * np.arange(rows) + int(rng.integers(0, 10**9)) * 1000
    lat = 37.4 + np.cumsum(rng.normal(0, 1e-4, size=rows))
    lng = -122.1 + np.cumsum(rng.normal(0, 1e-4, size=rows))
    (folder / "supplemental").mkdir(parents=True)
    if truth:
        pd.DataFrame({
            "MessageType": "Fix", "Provider": "GT", "LatitudeDegrees": lat, "LongitudeDegrees": lng,
            "AltitudeMeters": rng.normal(30, 2, size=rows), "SpeedMps": rng.uniform(0, 20, size=rows),
            "AccuracyMeters": 0.1, "BearingDegrees": rng.uniform(0, 360, size=rows), "UnixTimeMillis": times,
        }, columns=TRUTH_COLUMNS).to_csv(folder / "ground_truth.csv", index=False)
    pd.DataFrame({"MessageType": "Raw", "utcTimeMillis": times, "Svid": rng.integers(1, 32, size=rows),
                  "Cn0DbHz": rng.uniform(20, 45, size=rows), "RawPseudorangeMeters": rng.uniform(2e7, 2.5e7, size=rows),
                  "WlsPositionXEcefMeters": rng.normal(-2.7e6, 10, size=rows)}).to_csv(folder / "device_gnss.csv", index=False)
    pd.DataFrame({"MessageType": "UncalAccel", "utcTimeMillis": times, "MeasurementX": rng.normal(size=rows),
                  "MeasurementY": rng.normal(size=rows), "MeasurementZ": rng.normal(9.8, 0.1, size=rows)}).to_csv(
        folder / "device_imu.csv", index=False)
    # The high-accuracy reference track (NovAtel SPAN) that Kaggle ships with every phone, test phones included.
    (folder / "supplemental" / "span_log.nmea").write_text(
        "".join(f"$GPGGA,{t // 1000 % 86400:06d}.00,{la:.8f},N,{-lo:.8f},W,4,12,0.8,30.0,M,-30.0,M,,*00\n"
                for t, la, lo in zip(times, lat, lng, strict=True)))
    (folder / "supplemental" / "gnss_log.txt").write_text("# Version: v3.0.0.1 Platform: 11\n")


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies (rows are the grader's)."""
    trips = answers["tripId"].unique()
    first_trip_row = int(np.flatnonzero(sample["tripId"] == trips[0])[0])
    moved = sample.copy()
    moved.loc[first_trip_row, "tripId"] = trips[-1]
    renamed = sample.copy()
    renamed.loc[first_trip_row, "tripId"] = "2099-01-01-US-XXX-1-UnknownPhone"
    text = sample.astype({"LatitudeDegrees": object})
    text.loc[0, "LatitudeDegrees"] = "north"
    return {
        "too few rows": sample.iloc[1:],
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "a row moved to another trip": moved,
        "a row of an unknown trip": renamed,
        "text latitude": text,
    }


INVALID_REASONS = {
    "too few rows": ROW_COUNT,
    "too many rows": ROW_COUNT,
    "a row moved to another trip": r"Submission has \d+ rows for a test trip of \d+ rows",
    "a row of an unknown trip": r"Submission has \d+ rows for a test trip of \d+ rows",
    "text latitude": r"Column 'LatitudeDegrees' must hold numbers\.",
}
