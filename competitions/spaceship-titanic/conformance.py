"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, test.csv, sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
# The answers file is the whole test split: its features are public, only Transported is the answer.
ANSWER_COLUMNS = ["Transported"]

PLANETS = ["Earth", "Europa", "Mars"]
DESTINATIONS = ["TRAPPIST-1e", "55 Cancri e", "PSO J318.5-22"]
SPENDING = ["RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]


def _passengers(rng: np.random.Generator, groups: range, labelled: bool) -> pd.DataFrame:
    rows = []
    for group in groups:
        for member in range(1, int(rng.integers(1, 3)) + 1):
            row = {
                "PassengerId": f"{group:04d}_{member:02d}",
                "HomePlanet": PLANETS[int(rng.integers(3))],
                "CryoSleep": bool(rng.integers(2)),
                "Cabin": f"{'ABCDEFG'[int(rng.integers(7))]}/{int(rng.integers(300))}/{'PS'[int(rng.integers(2))]}",
                "Destination": DESTINATIONS[int(rng.integers(3))],
                "Age": float(rng.integers(0, 80)),
                "VIP": bool(rng.integers(2)),
                **{column: float(rng.integers(0, 3000)) for column in SPENDING},
                "Name": f"Name{group} Family{member}",
            }
            if labelled:
                row["Transported"] = bool(rng.integers(2))
            rows.append(row)
    frame = pd.DataFrame(rows)
    # Kaggle's file leaves about 2% of the feature cells empty.
    for column in ["HomePlanet", "CryoSleep", "Cabin", "Age", "VIP", "Spa"]:
        frame[column] = frame[column].astype(object)
        frame.loc[rng.random(len(frame)) < 0.1, column] = np.nan
    return frame


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.csv (14 columns, Transported last), and Kaggle's unused test.csv and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    _passengers(rng, range(1, 21), labelled=True).to_csv(raw / "train.csv", index=False)
    test = _passengers(rng, range(21, 26), labelled=False)
    test.to_csv(raw / "test.csv", index=False)
    test[["PassengerId"]].assign(Transported=False).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["PassengerId", "Transported"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    text = sample.astype({"Transported": object})
    text.loc[0, "Transported"] = "maybe"
    return {
        "text label": text,
        "fractional label": sample.assign(Transported=0.5),
    }


INVALID_REASONS = {
    "text label": r"Column 'Transported' must hold True/False labels",
    "fractional label": r"Column 'Transported' must hold True/False labels",
}
