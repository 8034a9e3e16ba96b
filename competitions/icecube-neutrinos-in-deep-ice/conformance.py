"""Answers to the conformance suite: tiny raw data in Kaggle's layout (meta parquet tables, one pulse parquet
file per batch, sensor geometry, and the unused test side)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.tables import write_parquet

BEST_SCORE = 0.0
PUBLIC_TEST = "test_meta.parquet"
PUBLIC_TRAIN = "train_meta.parquet"
BATCHES = 20
EVENTS_PER_BATCH = 3
SENSORS = 6


def _pulses(rng: np.random.Generator, event_ids: list[int], counts: list[int]) -> pd.DataFrame:
    """One batch's pulses as Kaggle ships them: indexed by event_id, one row per pulse."""
    rows = sum(counts)
    frame = pd.DataFrame({
        "sensor_id": rng.integers(0, SENSORS, size=rows).astype(np.int16),
        "time": rng.integers(5000, 20000, size=rows).astype(np.int64),
        "charge": np.round(rng.gamma(1.5, 0.8, size=rows), 3),
        "auxiliary": rng.random(rows) < 0.3,
    }, index=pd.Index(np.repeat(event_ids, counts), name="event_id"))
    return frame


def _meta(rng: np.random.Generator, batches: range, first_event: int) -> tuple[pd.DataFrame, dict[int, pd.DataFrame]]:
    rows, pulses, index, event = [], {}, 0, first_event
    for batch in batches:
        events, counts = [], []
        for _ in range(EVENTS_PER_BATCH):
            event += int(rng.integers(1, 40))
            count = int(rng.integers(2, 6))
            rows.append((batch, event, index, index + count - 1))
            events.append(event)
            counts.append(count)
            index += count
        pulses[batch] = _pulses(rng, events, counts)
    meta = pd.DataFrame(rows, columns=["batch_id", "event_id", "first_pulse_index", "last_pulse_index"]).astype("int64")
    return meta, pulses


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train_meta.parquet, raw/train/batch_<N>.parquet, raw/sensor_geometry.csv; test_meta.parquet,
    test/batch_<N>.parquet and sample_submission.csv as Kaggle ships them (unused)."""
    (raw / "train").mkdir(parents=True, exist_ok=True)
    (raw / "test").mkdir(parents=True, exist_ok=True)
    meta, pulses = _meta(rng, range(1, BATCHES + 1), 0)
    meta["azimuth"] = rng.uniform(0, 2 * np.pi, size=len(meta))
    meta["zenith"] = rng.uniform(0, np.pi, size=len(meta))
    write_parquet(meta, raw / "train_meta.parquet")
    for batch, frame in pulses.items():
        write_parquet(frame.reset_index(), raw / "train" / f"batch_{batch}.parquet")
    test_meta, test_pulses = _meta(rng, range(BATCHES + 1, BATCHES + 2), 10_000_000)
    write_parquet(test_meta, raw / "test_meta.parquet")
    for batch, frame in test_pulses.items():
        write_parquet(frame.reset_index(), raw / "test" / f"batch_{batch}.parquet")
    geometry = pd.DataFrame({"sensor_id": np.arange(SENSORS)})
    geometry[["x", "y", "z"]] = np.round(rng.uniform(-500, 500, size=(SENSORS, 3)), 2)
    geometry.to_csv(raw / "sensor_geometry.csv", index=False)
    pd.DataFrame({"event_id": test_meta["event_id"], "azimuth": 1, "zenith": 1}).to_csv(
        raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones: the second target is checked as the first is."""
    zenith_text = sample.astype({"zenith": object})
    zenith_text.loc[0, "zenith"] = "up"
    zenith_inf = sample.astype({"zenith": float})
    zenith_inf.loc[1, "zenith"] = np.inf
    return {"zenith not numeric": zenith_text, "zenith infinite": zenith_inf}


INVALID_REASONS = {
    "zenith not numeric": r"Column 'zenith' must hold numbers\.",
    "zenith infinite": r"Column 'zenith' must hold finite numbers \(no NaN or infinity\)\.",
}
