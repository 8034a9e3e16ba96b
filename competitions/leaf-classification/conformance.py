"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv.zip, images.zip)."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

SPECIES = (Path(__file__).parent / "species.txt").read_text().split()
FEATURES = [f"{kind}{n}" for kind in ("margin", "shape", "texture") for n in range(1, 65)]
BEST_SCORE = 0.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40, kaggle_test: int = 4) -> None:
    """raw/train.csv.zip, raw/images.zip (images/<id>.jpg for train and Kaggle test ids), unused test.csv.zip
    and sample_submission.csv.zip."""
    ids = sorted(int(i) for i in rng.choice(np.arange(1, 1585), size=rows + kaggle_test, replace=False))
    test_ids = ids[::11][:kaggle_test]
    train_ids = [i for i in ids if i not in test_ids]
    features = pd.DataFrame(np.round(rng.random((len(ids), len(FEATURES))) / 10, 6), columns=FEATURES)
    features.insert(0, "id", ids)
    train = features[features["id"].isin(train_ids)].reset_index(drop=True)
    train.insert(1, "species", rng.choice(SPECIES[:12], size=len(train)))
    raw.mkdir(parents=True, exist_ok=True)
    _zip_text(raw / "train.csv.zip", "train.csv", train.to_csv(index=False))
    _zip_text(raw / "test.csv.zip", "test.csv", features[features["id"].isin(test_ids)].to_csv(index=False))
    sample = pd.DataFrame({"id": test_ids, **{s: 1 / len(SPECIES) for s in SPECIES}})
    _zip_text(raw / "sample_submission.csv.zip", "sample_submission.csv", sample.to_csv(index=False))
    with zipfile.ZipFile(raw / "images.zip", "w") as archive:
        for leaf_id in ids:
            archive.writestr(f"images/{leaf_id}.jpg", _jpeg(rng))


def _zip_text(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, text)


def _jpeg(rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    silhouette = np.where(rng.random((4, 4)) < 0.5, 0, 255).astype(np.uint8)
    Image.fromarray(silhouette).save(buffer, format="JPEG")
    return buffer.getvalue()


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({s: float for s in SPECIES})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones of the submission schema."""
    sample = sample.copy()  # read_csv gives one block per column; a copy consolidates them before inserts
    out_of_range = sample.copy()
    # Rows still sum to 1, so only the range check can refuse it.
    out_of_range[SPECIES[0]] = sample[SPECIES[0]] + 0.5
    out_of_range[SPECIES[1]] = sample[SPECIES[1]] - 0.5
    return {
        "missing species column": sample.drop(columns=[SPECIES[-1]]),
        "rows do not sum to 1": sample.assign(**{SPECIES[0]: 0.5}),
        "probability out of range": out_of_range,
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing species column": r"Submission is missing column\(s\) \['Zelkova_Serrata'\]\.",
    "rows do not sum to 1": r"Each row's class probabilities must sum to 1\.",
    "probability out of range": r"Column '.*' must be within \[0, 1\]\.",
}
