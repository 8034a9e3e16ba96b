"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train/metadata.json and train/images/)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test/metadata.json"
PUBLIC_TRAIN = None  # test images are renumbered 0.., independently of the train image ids
# Category -> number of images: a singleton (train only), 2 to 4 (last image to test), 5 or more (split).
CATEGORY_SIZES = {60492: 7, 0: 1, 12: 3, 31007: 5, 508: 2, 64499: 9}


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train/metadata.json (UTF-8), train/images/<NNN>/<NN>/<id>.jpg, and Kaggle's unused test/ and
    sample_submission.csv."""
    categories = [c for c, n in CATEGORY_SIZES.items() for _ in range(n)]
    categories = [categories[i] for i in rng.permutation(len(categories))]  # file order is not grouped
    image_ids = [int(i) for i in rng.choice(2_000_000, size=len(categories), replace=False)]
    images, annotations = [], []
    train = raw / "train"
    for n, (category, image_id) in enumerate(zip(categories, image_ids, strict=True)):
        file_name = f"images/{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
        images.append({"file_name": file_name, "height": 5, "id": image_id, "license": 1, "width": 3})
        annotations.append({"category_id": category, "id": image_id, "image_id": image_id, "institution_id": n % 2})
        (train / file_name).parent.mkdir(parents=True, exist_ok=True)
        (train / file_name).write_bytes(noise_image(rng, (5, 3, 3), "JPEG"))
    metadata = {
        "annotations": annotations,
        "categories": [{"family": "Rosaceae", "id": c, "name": f"Rosa species {c} Säll.", "order": "Rosales"}
                       for c in sorted(CATEGORY_SIZES)],
        "images": images,
        "info": {"contributor": "Herbarium 2021 contributors", "date_created": "2021-03-01",
                 "description": "Herbarium 2021", "version": "1.0", "year": 2021},
        "institutions": [{"id": 0, "name": "New York Botanical Garden"}, {"id": 1, "name": "Auckland Museum"}],
        "licenses": [{"id": 1, "name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}],
    }
    (train / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    test = raw / "test"
    (test / "images" / "000").mkdir(parents=True, exist_ok=True)
    (test / "images" / "000" / "0.jpg").write_bytes(noise_image(rng, (5, 3, 3), "JPEG"))
    (test / "metadata.json").write_text(json.dumps({
        "images": [{"file_name": "images/000/0.jpg", "height": 5, "id": 0, "license": 1, "width": 3}],
        "info": metadata["info"], "licenses": metadata["licenses"],
    }))
    pd.DataFrame({"Id": [0], "Predicted": [0]}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies: what Python's int() refuses."""
    def with_first(value) -> pd.DataFrame:
        frame = sample.astype({"Predicted": object})
        frame.loc[0, "Predicted"] = value
        return frame

    return {
        "NaN Predicted": with_first(np.nan),
        "text Predicted": with_first("Rosa"),
        "Predicted beyond int64": with_first(-(2**63) - 1),
    }


INVALID_REASONS = {
    "NaN Predicted": r"Column 'Predicted' must hold integers \(int\(\) fails on a value\)\.",
    "text Predicted": r"Column 'Predicted' must hold integers \(int\(\) fails on a value\)\.",
    "Predicted beyond int64": r"Column 'Predicted' must hold integers within the int64 range\.",
}
