"""Answers to the conformance suite: tiny raw data in Kaggle's layout (nybg2020/train/metadata.json and images)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "nybg2020/test/metadata.json"
PUBLIC_TRAIN = None  # test images are renumbered 0.., independently of the train image ids
# Category -> number of images: a singleton (train only), 2 to 4 (last image to test), 5 or more (split).
CATEGORY_SIZES = {15672: 6, 3: 1, 20405: 2, 118: 4, 7001: 5, 42: 8, 9: 3}


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/nybg2020/train/metadata.json (UTF-8, one non-ASCII name), train/images/<NNN>/<NN>/<id>.jpg, and
    Kaggle's unused nybg2020/test/ and sample_submission.csv."""
    categories = [c for c, n in CATEGORY_SIZES.items() for _ in range(n)]
    categories = [categories[i] for i in rng.permutation(len(categories))]  # file order is not grouped
    image_ids = [int(i) for i in rng.choice(900_000, size=len(categories), replace=False) + 100_000]
    images, annotations = [], []
    train = raw / "nybg2020" / "train"
    for n, (category, image_id) in enumerate(zip(categories, image_ids, strict=True)):
        file_name = f"images/{category // 100:03d}/{category % 100:02d}/{image_id}.jpg"
        images.append({"file_name": file_name, "height": 6, "id": image_id, "license": 0, "width": 4})
        annotations.append({"category_id": category, "id": image_id, "image_id": image_id, "region_id": n % 3})
        (train / file_name).parent.mkdir(parents=True, exist_ok=True)
        (train / file_name).write_bytes(noise_image(rng, (6, 4, 3), "JPEG"))
    metadata = {
        "annotations": annotations,
        "categories": [{"family": "Malvaceae", "genus": "Abutilon", "id": c, "name": f"Abutilon sp{c} Médic."}
                       for c in sorted(CATEGORY_SIZES)],
        "images": images,
        "info": {"contributor": "New York Botanical Garden", "date_created": "2020-02-18", "description": "Herbarium",
                 "url": "https://www.nybg.org/", "version": "1.0", "year": 2020},
        "licenses": [{"id": 0, "name": "Public Domain Dedication", "url": "http://creativecommons.org/publicdomain/"}],
        "regions": [{"id": 0, "name": "Americas"}, {"id": 1, "name": "Europe"}, {"id": 2, "name": "Asia"}],
    }
    (train / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    test = raw / "nybg2020" / "test"
    (test / "images" / "000").mkdir(parents=True, exist_ok=True)
    (test / "images" / "000" / "0.jpg").write_bytes(noise_image(rng, (6, 4, 3), "JPEG"))
    (test / "metadata.json").write_text(json.dumps({
        "images": [{"file_name": "images/000/0.jpg", "height": 6, "id": 0, "license": 0, "width": 4}],
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
        "text Predicted": with_first("Abutilon"),
        "Predicted beyond int64": with_first(2**63),
    }


INVALID_REASONS = {
    "NaN Predicted": r"Column 'Predicted' must hold integers \(int\(\) fails on a value\)\.",
    "text Predicted": r"Column 'Predicted' must hold integers \(int\(\) fails on a value\)\.",
    "Predicted beyond int64": r"Column 'Predicted' must hold integers within the int64 range\.",
}
