"""Answers to the conformance suite: tiny raw data in Kaggle's layout (COCO-style JSON indexes, train/<id>.jpg)."""

import json
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test"  # the image folder names the test ids, as public/test/<Id>.jpg
PUBLIC_TRAIN = "train"
# Images per camera location (the split is by location; the rebalancing loops move whole locations).
LOCATION_SIZES = {267: 6, 12: 3, 430: 5, 99: 2, 301: 7, 5: 4, 77: 3, 150: 6, 208: 2, 33: 5, 412: 4, 64: 3}
CATEGORIES = [{"count": 10, "id": 0, "name": "empty"}, {"count": 8, "id": 2, "name": "tayassu pecari"},
              {"count": 5, "id": 3, "name": "dasyprocta punctata"}, {"count": 3, "id": 372, "name": "meleagris ocellata"}]


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(int=int(rng.integers(2**62)) << 64 | int(rng.integers(2**62)), version=1))


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/iwildcam2020_train_annotations.json, iwildcam2020_test_information.json, the megadetector results,
    train/<id>.jpg, and Kaggle's unused test/ and sample_submission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    locations = [loc for loc, size in LOCATION_SIZES.items() for _ in range(size)]
    images, annotations = [], []
    for n, location in enumerate(locations):
        image_id, seq_id = _uuid(rng), _uuid(rng)
        images.append({"seq_num_frames": 1, "location": location, "datetime": f"2013-10-{n % 28 + 1:02d} 13:31:53.000",
                       "id": image_id, "frame_num": 0, "seq_id": seq_id, "width": 5, "height": 4,
                       "file_name": f"{image_id}.jpg"})
        annotations.append({"count": 1, "image_id": image_id, "id": _uuid(rng),
                            "category_id": int(rng.choice([c["id"] for c in CATEGORIES]))})
    info = {"version": "2020", "description": "iWildCam 2020", "year": 2020, "contributor": "WCS",
            "date_created": "2020-02-05 11:58:09.471513"}
    document = {"annotations": annotations, "images": images, "categories": CATEGORIES, "info": info}
    (raw / "iwildcam2020_train_annotations.json").write_text(json.dumps(document))
    test_images = [{"seq_num_frames": 1, "location": 500 + n, "datetime": "2014-01-01 00:00:00.000",
                    "id": _uuid(rng), "frame_num": 0, "seq_id": _uuid(rng), "width": 5, "height": 4} for n in range(3)]
    test_categories = [{"id": c["id"], "name": c["name"]} for c in CATEGORIES]
    (raw / "iwildcam2020_test_information.json").write_text(json.dumps(
        {"images": test_images, "categories": test_categories, "info": {**info, "description": "test"}}))
    detections = {"info": {"detector": "megadetector_v3"}, "detection_categories": {"1": "animal", "2": "person"},
                  "images": [{"id": image["id"], "max_detection_conf": 0.9,
                              "detections": [{"category": "1", "bbox": [0.1, 0.2, 0.3, 0.4], "conf": 0.9}]}
                             for image in images + test_images]}
    (raw / "iwildcam2020_megadetector_results.json").write_text(json.dumps(detections))
    for folder, records in (("train", images), ("test", test_images)):
        (raw / folder).mkdir(exist_ok=True)
        for image in records:
            (raw / folder / f"{image['id']}.jpg").write_bytes(noise_image(rng, (4, 5, 3), "JPEG"))
    pd.DataFrame({"Id": [i["id"] for i in test_images], "Category": 0}).to_csv(raw / "sample_submission.csv",
                                                                               index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Category"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    fractional = sample.assign(Category=sample["Category"].astype(float))
    fractional.loc[0, "Category"] = 2.5
    return {
        "non-integral category": fractional,
        "Predicted instead of Category": sample.rename(columns={"Category": "Predicted"}),
        "category names": sample.assign(Category="empty"),
        "category id beyond exact integers": sample.assign(Category=1e300),
    }


INVALID_REASONS = {
    "non-integral category": r"Column 'Category' must hold integer category ids\.",
    "Predicted instead of Category": r"Submission is missing column\(s\) \['Category'\]\.",
    "category names": r"Column 'Category' must hold numbers\.",
}
INVALID_REASONS["category id beyond exact integers"] = r"Column 'Category' must hold integer category ids\."
