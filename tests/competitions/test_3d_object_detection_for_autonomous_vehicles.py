"""3d-object-detection-for-autonomous-vehicles: per-sample mAP through the grader by hand, empty cells, and the
split by log across every devkit table (map.json's leak included)."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "3d-object-detection-for-autonomous-vehicles"
LOGS = 10


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("lyft")
    module.make_raw(root / "raw", np.random.default_rng(29), logs=LOGS, samples_per_log=2)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


CAR = "1.0 0 0 0 2 4 2 0 car"
ANSWERS = pd.DataFrame({"Id": ["b", "a"], "PredictionString": [CAR, f"{CAR} 1.0 30 30 0 1 1 2 0 pedestrian"]})


def test_mean_over_samples_not_pooled(competition):
    # Sample a: car found (AP 1), pedestrian missed (AP 0) -> 0.5 at every threshold; sample b: car found -> 1.
    # Mean over samples 0.75 (Kaggle's pooled mAP would give car 1 and pedestrian 0: 0.5).
    sub = pd.DataFrame({"Id": ["a", "b"], "PredictionString": ["0.8 0 0 0 2 4 2 0 car", "0.3 0 0 0 2 4 2 0 car"]})
    assert score_frames(competition, sub, ANSWERS) == 0.75


def test_shift_changes_the_thresholds_passed(competition):
    # Shifting the car of sample b by 1 along its length: IoU 12 / 20 = 0.6, above 0.5 and 0.55 only (2 of 10).
    sub = pd.DataFrame({"Id": ["a", "b"], "PredictionString": ["", "0.3 1 0 0 2 4 2 0 car"]})
    assert score_frames(competition, sub, ANSWERS) == pytest.approx((0 + 0.2) / 2)


def test_empty_cells_mean_no_boxes(competition):
    sub = pd.DataFrame({"Id": ["a", "b"], "PredictionString": [np.nan, np.nan]})
    assert score_frames(competition, sub, ANSWERS) == 0.0


def test_bad_box_only_refused_in_an_evaluated_class(competition):
    zero = "0.3 0 0 0 0 4 2 0"
    accepted = pd.DataFrame({"Id": ["a", "b"], "PredictionString": ["", f"{zero} truck"]})
    assert score_frames(competition, accepted, ANSWERS) == 0.0
    with pytest.raises(InvalidSubmissionError, match="positive"):
        score_frames(competition, accepted.assign(PredictionString=["", f"{zero} car"]), ANSWERS)


def test_split_by_log_and_answers(prepared):
    raw = prepared / "raw" / "train_data"
    logs = json.loads((raw / "log.json").read_text())
    n_test = math.ceil(0.2 * LOGS)
    perm = np.random.RandomState(0).permutation(LOGS)
    test_logs = [logs[i]["token"] for i in perm[:n_test]]
    samples = json.loads((raw / "sample.json").read_text())
    test_ids = [s["token"] for s in samples if s["scene_token"] in test_logs]
    labels = pd.read_csv(prepared / "raw" / "train.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    expected = labels[labels["Id"].isin(test_ids)]
    assert answers["Id"].tolist() == expected["Id"].tolist()
    for mine, theirs in zip(answers["PredictionString"], expected["PredictionString"], strict=True):
        tokens = theirs.split(" ")
        assert mine.split(" ") == [t for k in range(0, len(tokens), 8) for t in ["1.0", *tokens[k:k + 8]]]
    assert read_csv(prepared / "public" / "train.csv").equals(labels[~labels["Id"].isin(test_ids)]
                                                                .reset_index(drop=True))
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines == ["Id,PredictionString", *(f"{i}," for i in expected["Id"])]


def test_devkit_tables_split_by_log(prepared):
    raw, public = prepared / "raw" / "train_data", prepared / "public"

    def table(split, name):
        return json.loads((public / f"{split}_data" / name).read_text())

    test_logs = [log["token"] for log in table("test", "log.json")]
    assert len(test_logs) == 2 and len(table("train", "log.json")) == 8
    # The leak: both map files carry the test logs, in train_test_split's order.
    logs = json.loads((raw / "log.json").read_text())
    ordered = [logs[i]["token"] for i in np.random.RandomState(0).permutation(LOGS)[:2]]
    assert table("train", "map.json")[0]["log_tokens"] == table("test", "map.json")[0]["log_tokens"] == ordered
    assert {s["scene_token"] for s in table("test", "sample.json")} == set(test_logs)
    test_ids = {s["token"] for s in table("test", "sample.json")}
    sample_data = json.loads((raw / "sample_data.json").read_text())
    test_data = [e for e in sample_data if e["sample_token"] in test_ids]
    assert table("test", "sample_data.json") == test_data
    poses = {p["token"]: p for p in json.loads((raw / "ego_pose.json").read_text())}
    assert table("test", "ego_pose.json") == [poses[e["ego_pose_token"]] for e in test_data]
    sensors = [s["token"] for s in table("test", "calibrated_sensor.json")]
    assert sensors == list(dict.fromkeys(e["calibrated_sensor_token"] for e in test_data))
    assert not (public / "test_data" / "sample_annotation.json").exists()
    assert not (public / "test_data" / "instance.json").exists()
    annotations = table("train", "sample_annotation.json")
    assert all(a["sample_token"] not in test_ids for a in annotations)
    assert {i["token"] for i in table("train", "instance.json")} == {a["instance_token"] for a in annotations}
    for name in ("attribute.json", "category.json", "sensor.json", "visibility.json"):
        for split in ("train", "test"):
            assert (public / f"{split}_data" / name).read_bytes() == (raw / name).read_bytes()
    assert (public / "test_data" / "log.json").read_text() == json.dumps(
        [log for log in logs if log["token"] in test_logs])
    for entry in sample_data:
        kind = "images" if entry["fileformat"] == "jpeg" else "lidar"
        side = "test" if entry["sample_token"] in test_ids else "train"
        assert (public / f"{side}_{kind}" / Path(entry["filename"]).name).is_file()
    assert (public / "test_maps" / "map_raster_palo_alto.png").is_file()
