"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train_metadata.json, train_images/)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test_metadata.json"
PUBLIC_TRAIN = None  # test images are renumbered 0.., train images <category>__<k>
CATEGORY_SIZES = {12254: 6, 0: 2, 42: 3, 7: 5, 15504: 4}  # every category has at least 2 images, as Kaggle's


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train_metadata.json, train_images/<NNN>/<NN>/<category>__<k>.jpg, and Kaggle's unused
    test_metadata.json, test_images/ and sample_submission.csv."""
    records = [(c, k) for c, n in CATEGORY_SIZES.items() for k in range(1, n + 1)]
    records = [records[i] for i in rng.permutation(len(records))]  # file order is not grouped
    images, annotations = [], []
    for category, k in records:
        image_id = f"{category:05d}__{k:03d}"
        file_name = f"{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
        genus = category % 3 + 1
        images.append({"file_name": file_name, "image_id": image_id, "license": 0})
        annotations.append({"category_id": category, "genus_id": genus, "image_id": image_id, "institution_id": k % 2})
        (raw / "train_images" / file_name).parent.mkdir(parents=True, exist_ok=True)
        (raw / "train_images" / file_name).write_bytes(noise_image(rng, (4, 3, 3), "JPEG"))
    metadata = {
        "annotations": annotations,
        "categories": [{"authors": "(L.) Mönch", "category_id": c, "family": "Pinaceae", "genus": "Abies",
                        "scientificName": f"Abies sp{c}", "species": f"sp{c}"} for c in sorted(CATEGORY_SIZES)],
        "distances": [{"distance": 0.25, "genus_id_x": 1, "genus_id_y": 2}, {"distance": 0.5, "genus_id_x": 1, "genus_id_y": 3}],
        "genera": [{"genus": "Abies", "genus_id": 1}, {"genus": "Acer", "genus_id": 2}, {"genus": "Betula", "genus_id": 3}],
        "images": images,
        "institutions": [{"collectionCode": "NY", "institution_id": 0}, {"collectionCode": "MO", "institution_id": 1}],
        "licenses": [{"id": 0, "name": "CC BY-NC 4.0", "url": "https://creativecommons.org/licenses/by-nc/4.0/"}],
    }
    (raw / "train_metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    (raw / "test_images" / "000").mkdir(parents=True, exist_ok=True)
    (raw / "test_images" / "000" / "test-000000.jpg").write_bytes(noise_image(rng, (4, 3, 3), "JPEG"))
    (raw / "test_metadata.json").write_text(
        json.dumps([{"file_name": "000/test-000000.jpg", "image_id": "0", "license": 0}]))
    pd.DataFrame({"Id": [0], "Predicted": [42]}).to_csv(raw / "sample_submission.csv", index=False)


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
        "text Predicted": with_first("Abies"),
        "Predicted beyond int64": with_first(2**63),
    }


INVALID_REASONS = {
    "NaN Predicted": r"Column 'Predicted' must hold integers \(int\(\) fails on a value\)\.",
    "text Predicted": r"Column 'Predicted' must hold integers \(int\(\) fails on a value\)\.",
    "Predicted beyond int64": r"Column 'Predicted' must hold integers within the int64 range\.",
}
