"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, one row per time step of each
breath, and Kaggle's unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 0.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ID_COLUMN = "breath_id"  # row ids are renumbered 1..N on each side; breaths are what the split keeps apart
ANSWER_COLUMNS = ["pressure"]  # the answers file also carries the public inputs (u_out decides what is scored)
STEPS = 6


def _breaths(rng: np.random.Generator, breath_ids: np.ndarray, first_id: int, labelled: bool) -> pd.DataFrame:
    rows = len(breath_ids) * STEPS
    frame = pd.DataFrame({
        "id": np.arange(first_id, first_id + rows),
        "breath_id": np.repeat(breath_ids, STEPS),
        "R": np.repeat(rng.choice([5, 20, 50], size=len(breath_ids)), STEPS),
        "C": np.repeat(rng.choice([10, 20, 50], size=len(breath_ids)), STEPS),
        "time_step": np.tile(np.arange(STEPS), len(breath_ids)) * 0.0336 + rng.random(rows) * 1e-3,
        "u_in": np.where(rng.random(rows) < 0.2, 0.0, rng.random(rows) * 30),
        "u_out": np.tile((np.arange(STEPS) >= STEPS // 2).astype(int), len(breath_ids)),
    })
    if labelled:
        frame["pressure"] = 5 + rng.random(rows) * 30
    return frame


def make_raw(raw: Path, rng: np.random.Generator, breaths: int = 20) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    # Kaggle's breath ids have gaps (its test breaths are the missing ones), and rows are grouped by breath.
    ids = np.sort(rng.choice(np.arange(1, breaths * 2), size=breaths, replace=False))
    _breaths(rng, ids, 1, labelled=True).to_csv(raw / "train.csv", index=False)
    test = _breaths(rng, np.array([0, breaths * 2]), breaths * STEPS + 1, labelled=False)
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(pressure=0).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "pressure"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones: NaN, infinity or text on a scored (u_out == 0) row."""
    scored = int(answers.sort_values("id").loc[answers["u_out"] == 0, "id"].iloc[0])

    def with_value(value) -> pd.DataFrame:
        out = sample.astype({"pressure": object})
        out.loc[out["id"] == scored, "pressure"] = value
        return out

    return {"NaN on a scored row": with_value(np.nan), "infinity on a scored row": with_value(np.inf),
            "text on a scored row": with_value("high")}


INVALID_REASONS = {
    "NaN on a scored row": r"Column 'pressure' on inspiratory \(u_out == 0\) rows must be finite numbers",
    "infinity on a scored row": r"Column 'pressure' on inspiratory \(u_out == 0\) rows must be finite numbers",
    "text on a scored row": r"Column 'pressure' on inspiratory \(u_out == 0\) rows must be numbers\.",
}

# MLE-bench's config names this grader 'dice-hausdorff-combo' (copied from another competition) while it computes
# MAE; config.yaml declares the metric computed, and the pins test compares this name instead.
MLEBENCH_GRADER_NAME = "dice-hausdorff-combo"
