"""SIIM-FISABIO-RSNA COVID-19: 10% of Kaggle's training studies become the test set (random_state 0).

Answers pool one row per test study ('<label> 1 0 0 1 1') and one per test image (its boxes, as Kaggle labels them).
"""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

STUDY_CLASSES = {
    "Negative for Pneumonia": "negative",
    "Typical Appearance": "typical",
    "Indeterminate Appearance": "indeterminate",
    "Atypical Appearance": "atypical",
}


def prepare(raw: Path, public: Path, private: Path) -> None:
    studies = read_csv(raw / "train_study_level.csv")
    train_studies, test_studies = train_test_split(studies, test_size=0.1, random_state=0)
    train_studies, test_studies = train_studies.sort_values("id"), test_studies.sort_values("id")
    train_studies.to_csv(public / "train_study_level.csv", index=False)

    images = read_csv(raw / "train_image_level.csv")
    study_of_image = images["StudyInstanceUID"] + "_study"
    train_images = images[study_of_image.isin(set(train_studies["id"]))].sort_values("id")
    test_images = images[study_of_image.isin(set(test_studies["id"]))].sort_values("id")
    if len(train_images) + len(test_images) != len(images):
        raise ValueError("raw/train_image_level.csv has images of studies missing from raw/train_study_level.csv.")
    train_images.to_csv(public / "train_image_level.csv", index=False)

    link_or_copy_many(
        (source, public / side / source.relative_to(raw / "train"))
        for side, frame in (("train", train_studies), ("test", test_studies))
        for study in frame["id"].str.removesuffix("_study")
        for source in sorted((raw / "train" / study).rglob("*"))
        if source.is_file()
    )

    one_hot = test_studies[list(STUDY_CLASSES)].to_numpy()
    labels = [list(STUDY_CLASSES.values())[i] for i in one_hot.argmax(axis=1)]
    ids = [*test_studies["id"], *test_images["id"]]
    answers = {"id": ids, "PredictionString": [f"{label} 1 0 0 1 1" for label in labels] + list(test_images["label"])}
    sample = {"id": ids, "PredictionString": ["negative 1 0 0 1 1"] * len(test_studies)
              + ["none 1 0 0 1 1"] * len(test_images)}
    pd.DataFrame(answers).to_csv(private / "test.csv", index=False)
    pd.DataFrame(sample).to_csv(public / "sample_submission.csv", index=False)
