"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.bson of product documents, ...)."""

from pathlib import Path

import numpy as np
import pandas as pd
from bson.int64 import Int64

from pytest_mlebench.data.formats.bson_documents import write_documents
from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test.bson"
PUBLIC_TRAIN = "train.bson"
CATEGORIES = [1000010653, 1000010667, 1000004079, 1000018290]


def make_raw(raw: Path, rng: np.random.Generator, products: int = 40) -> None:
    """raw/train.bson ({_id, category_id (int64), imgs: [{picture: jpeg}]} per product), category_names.csv,
    train_example.bson, and Kaggle's unused test.bson and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    ids = np.cumsum(rng.integers(1, 4, size=products))  # increasing, with gaps, as Kaggle's

    def pictures() -> list[dict]:
        return [{"picture": noise_image(rng, (3, 3, 3), "JPEG")} for _ in range(int(rng.integers(1, 4)))]

    train = [{"_id": int(i), "category_id": Int64(CATEGORIES[int(rng.integers(len(CATEGORIES)))]), "imgs": pictures()}
             for i in ids]
    write_documents(raw / "train.bson", train)
    write_documents(raw / "train_example.bson", train[:5])
    write_documents(raw / "test.bson", [{"_id": 10, "imgs": pictures()}, {"_id": 14, "imgs": pictures()}])
    pd.DataFrame({"_id": [10, 14], "category_id": 1000010653}).to_csv(raw / "sample_submission.csv", index=False)
    pd.DataFrame({
        "category_id": CATEGORIES,
        "category_level1": ["ABONNEMENT / SERVICES", "ABONNEMENT / SERVICES", "AMENAGEMENT URBAIN", "ANIMALERIE"],
        "category_level2": ["CARTE PREPAYEE", "CARTE PREPAYEE", "ABRI FUMEUR", "ACCESSOIRES"],
        "category_level3": ["CARTE PREPAYEE MULTIMEDIA", "CARTE TELEPHONIQUE", "ABRI FUMEUR", "ACCESSOIRE POUR CHIEN"],
    }).to_csv(raw / "category_names.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies: labels scikit-learn refuses."""
    def with_first(value) -> pd.DataFrame:
        frame = sample.astype({"category_id": object})
        frame.loc[0, "category_id"] = value
        return frame

    return {
        "fractional category_id": with_first(1000010653.5),
        "text category_id": with_first("telephonie"),
        "infinite category_id": with_first(np.inf),
    }


SKLEARN_REFUSAL = r"Column 'category_id' must hold whole-number categories \(text or fractional numbers cannot be compared\)\."
INVALID_REASONS = {"fractional category_id": SKLEARN_REFUSAL, "text category_id": SKLEARN_REFUSAL, "infinite category_id": SKLEARN_REFUSAL}
