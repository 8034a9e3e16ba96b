"""rsna-2022-cervical-spine-fracture-detection: the per-study weighted log loss by hand, the inverted 10% split
drawn with random.Random(0), the melted answers."""

import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "rsna-2022-cervical-spine-fracture-detection"
TYPES = ["patient_overall", *[f"C{n}" for n in range(1, 8)]]
STUDIES = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("rsna2022")
    module.make_raw(root / "raw", np.random.default_rng(17), studies=STUDIES)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def melted(truth: dict[str, list[int]]) -> pd.DataFrame:
    rows = [{"row_id": f"{uid}_{t}", "fractured": v} for uid, values in truth.items()
            for t, v in zip(TYPES, values, strict=True)]
    return pd.DataFrame(rows)


def test_weighted_loss_per_study_by_hand(competition):
    answers = melted({"1.2.3": [1, 1, 0, 0, 0, 0, 0, 0], "1.2.4": [0] * 8})
    pred = {"1.2.3": [0.8, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], "1.2.4": [0.5] * 8}
    sub = melted(pred).iloc[::-1]
    # Study 1.2.3: weights 14 (overall, positive), 2 (C1, positive), 1 x 6 (negatives): sum 22.
    study1 = (14 * -math.log(0.8) + 2 * math.log(2) + 6 * -math.log(0.9)) / 22
    # Study 1.2.4: every loss is ln 2, so its weighted mean is ln 2.
    assert score_frames(competition, sub, answers) == pytest.approx((study1 + math.log(2)) / 2, abs=1e-5)


def test_certain_wrong_predictions_are_clipped(competition):
    answers = melted({"1.2.3": [1, 0, 0, 0, 0, 0, 0, 0]})
    sub = melted({"1.2.3": [0, 0, 0, 0, 0, 0, 0, 0]}).astype({"fractured": float})
    # Only patient_overall is wrong: 14 * -ln(1e-15) over weights 14 + 7 = 21 (the others lose -ln(1 - 1e-15)).
    assert score_frames(competition, sub, answers) == pytest.approx(14 * -math.log(1e-15) / 21, abs=1e-5)


@pytest.mark.parametrize("value", [np.nan, 1.5, -0.01, "high"])
def test_bad_fractured_values_are_invalid(competition, value):
    answers = melted({"1.2.3": [1, 1, 0, 0, 0, 0, 0, 0]})
    sub = answers.astype({"fractured": object})
    sub.loc[3, "fractured"] = value
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def _expected_train_lists(uids, bbox_ids, seg_ids):
    rng = random.Random(0)
    overlap = [u for u in bbox_ids if u in seg_ids]
    first = rng.sample(overlap, round(len(overlap) * 0.1))
    seg_extra = rng.sample([u for u in seg_ids if u not in overlap], round(len(seg_ids) * 0.1) - len(first))
    bbox_extra = rng.sample([u for u in bbox_ids if u not in overlap], round(len(bbox_ids) * 0.1) - len(first))
    train = first + seg_extra + bbox_extra
    train += rng.sample([u for u in uids if u not in train], round(len(uids) * 0.1) - len(train))
    return train, first + bbox_extra, first + seg_extra


def test_only_ten_percent_of_studies_stay_in_train(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    boxes = read_csv(prepared / "raw" / "train_bounding_boxes.csv")
    seg_ids = sorted(p.stem for p in (prepared / "raw" / "segmentations").glob("*.nii"))
    train_ids, bbox_ids, seg_list = _expected_train_lists(raw["StudyInstanceUID"].tolist(),
                                                          sorted(boxes["StudyInstanceUID"].unique()), seg_ids)
    assert len(train_ids) == 5 and len(bbox_ids) == 2 and len(seg_list) == 2  # 50, 20, 15 (1.5 -> 2), 10 -> 1
    train = read_csv(prepared / "public" / "train.csv")
    assert train.equals(raw[raw["StudyInstanceUID"].isin(train_ids)].reset_index(drop=True))
    public_boxes = read_csv(prepared / "public" / "train_bounding_boxes.csv")
    assert public_boxes.equals(boxes[boxes["StudyInstanceUID"].isin(bbox_ids)].reset_index(drop=True))
    assert sorted(p.stem for p in (prepared / "public" / "segmentations").iterdir()) == sorted(seg_list)
    test_ids = [u for u in raw["StudyInstanceUID"] if u not in train_ids]
    assert sorted(p.name for p in (prepared / "public" / "test_images").iterdir()) == sorted(test_ids)
    assert sorted(p.name for p in (prepared / "public" / "train_images").iterdir()) == sorted(train_ids)
    for uid in test_ids[:3]:
        for path in (prepared / "public" / "test_images" / uid).iterdir():
            assert path.read_bytes() == (prepared / "raw" / "train_images" / uid / path.name).read_bytes()


def test_answers_are_melted_by_prediction_type(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    train_ids = set(read_csv(prepared / "public" / "train.csv")["StudyInstanceUID"])
    test = raw[~raw["StudyInstanceUID"].isin(train_ids)]
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["StudyInstanceUID", "prediction_type", "fractured", "row_id"]
    assert len(answers) == 8 * len(test) == 8 * (STUDIES - 5)
    # All studies (raw order) for patient_overall, then all for C1, ... C7.
    assert answers["prediction_type"].tolist() == [t for t in TYPES for _ in range(len(test))]
    assert answers["StudyInstanceUID"].tolist() == test["StudyInstanceUID"].tolist() * 8
    assert answers["fractured"].tolist() == [v for t in TYPES for v in test[t]]
    assert (answers["row_id"] == answers["StudyInstanceUID"] + "_" + answers["prediction_type"]).all()
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["row_id"].tolist() == answers["row_id"].tolist() and (sample["fractured"] == 0.5).all()
    public_test = read_csv(prepared / "public" / "test.csv")
    assert public_test.equals(answers.drop(columns=["fractured"]))
