"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_labels.csv, three train_*.csv
tables keyed by game_play, train/<game_play>_<view>.mp4)."""

import struct
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
ID_COLUMN = "game_play"  # test ids in public: the game plays of test_player_tracking.csv
ANSWER_COLUMNS = ["contact"]  # the answers also carry the public step, datetime and player ids
PUBLIC_TEST = "test_player_tracking.csv"
PUBLIC_TRAIN = "train_labels.csv"
VIEWS = ["All29", "Endzone", "Sideline"]


def mp4_bytes(payload: bytes) -> bytes:
    """A tiny ISO base media file: an 'ftyp' box (brand isom) and an 'mdat' box of `payload`."""
    ftyp = b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    return (struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp
            + struct.pack(">I", 8 + len(payload)) + b"mdat" + payload)


def _play(rng: np.random.Generator, game_play: str, players: list[int], steps: int) -> dict[str, pd.DataFrame]:
    game_key, play_id = (int(part) for part in game_play.split("_"))
    start = pd.Timestamp("2020-09-13 17:30:00")
    labels, tracking, helmets = [], [], []
    for step in range(steps):
        stamp = (start + pd.Timedelta(milliseconds=100 * step)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        for a, first in enumerate(players):
            partners = [str(p) for p in players[a + 1:]] + ["G"]
            for second in partners:
                labels.append({"contact_id": f"{game_play}_{step}_{first}_{second}", "game_play": game_play,
                               "datetime": stamp, "step": step, "nfl_player_id_1": first,
                               "nfl_player_id_2": second, "contact": int(rng.random() < 0.3)})
            tracking.append({"game_play": game_play, "game_key": game_key, "play_id": play_id,
                             "nfl_player_id": first, "step": step, "team": "home" if a % 2 else "away",
                             "position": "WR", "jersey_number": 10 + a, "datetime": stamp,
                             "x_position": round(float(rng.uniform(0, 120)), 2),
                             "y_position": round(float(rng.uniform(0, 53.3)), 2),
                             "speed": round(float(rng.uniform(0, 9)), 2), "distance": round(float(rng.random()), 2),
                             "direction": round(float(rng.uniform(0, 360)), 2),
                             "orientation": round(float(rng.uniform(0, 360)), 2),
                             "acceleration": round(float(rng.uniform(0, 5)), 2), "sa": round(float(rng.normal()), 2)})
            helmets.append({"game_play": game_play, "game_key": game_key, "play_id": play_id,
                            "view": VIEWS[1 + step % 2], "video": f"{game_play}_{VIEWS[1 + step % 2]}.mp4",
                            "frame": step * 6, "nfl_player_id": first, "player_label": f"H{10 + a}",
                            "left": int(rng.integers(0, 1200)), "width": 20, "top": int(rng.integers(0, 700)),
                            "height": 24})
    metadata = [{"game_play": game_play, "game_key": game_key, "play_id": play_id, "view": view,
                 "start_time": "2020-09-13T17:29:55.000Z", "end_time": "2020-09-13T17:30:10.000Z",
                 "snap_time": "2020-09-13T17:30:00.000Z"} for view in VIEWS]
    return {"labels": pd.DataFrame(labels), "player_tracking": pd.DataFrame(tracking),
            "baseline_helmets": pd.DataFrame(helmets), "video_metadata": pd.DataFrame(metadata)}


def _write(raw: Path, side: str, plays: list[str], rng: np.random.Generator) -> pd.DataFrame:
    parts = [_play(rng, play, sorted(rng.choice(np.arange(30000, 50000), 3, replace=False).tolist()), 2)
             for play in plays]
    for name in ("player_tracking", "baseline_helmets", "video_metadata"):
        pd.concat([p[name] for p in parts]).to_csv(raw / f"{side}_{name}.csv", index=False)
    (raw / side).mkdir(exist_ok=True)
    for play in plays:
        for view in VIEWS:
            (raw / side / f"{play}_{view}.mp4").write_bytes(mp4_bytes(rng.bytes(16)))
    return pd.concat([p["labels"] for p in parts], ignore_index=True)


def make_raw(raw: Path, rng: np.random.Generator, plays: int = 12) -> None:
    """raw/train_labels.csv, train_{baseline_helmets,player_tracking,video_metadata}.csv, train/*.mp4, and
    Kaggle's unused test_*.csv, test/ and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    keys = rng.choice(np.arange(57000, 59000), size=plays + 1, replace=False)
    names = [f"{key}_{int(rng.integers(100, 4000)):06d}" for key in keys]
    _write(raw, "train", names[:plays], rng).to_csv(raw / "train_labels.csv", index=False)
    test = _write(raw, "test", names[plays:], rng)
    test[["contact_id"]].assign(contact=0).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["contact_id", "contact"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Fractional contacts, which scikit-learn refuses as continuous targets."""
    return {"fractional contact": sample.assign(contact=0.5)}


INVALID_REASONS = {
    "fractional contact": r"Column 'contact' must hold class labels \(0 or 1\), not fractional scores\.",
}
