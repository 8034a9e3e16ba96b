"""Answers to the conformance suite: a tiny devkit dataset in Kaggle's layout (train.csv, train_data/*.json,
train_images/*.jpeg, train_lidar/*.bin, train_maps/map_raster_palo_alto.png)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
ID_COLUMN = "token"  # the public sample tables key samples by 'token'; submissions and answers by 'Id'
PUBLIC_TEST = "test_data/sample.json"
PUBLIC_TRAIN = "train_data/sample.json"
CLASSES = ["car", "pedestrian", "bicycle"]


def _token(rng: np.random.Generator) -> str:
    return rng.bytes(32).hex()


def _dataset(rng: np.random.Generator, logs: int, samples_per_log: int) -> dict[str, list]:
    tables: dict[str, list] = {name: [] for name in (
        "log", "scene", "sample", "sample_data", "calibrated_sensor", "ego_pose", "sample_annotation", "instance")}
    sensors = [{"token": _token(rng), "sensor_token": f"s{n}", "translation": [1.0, 0.0, 1.5 + n],
                "rotation": [1.0, 0.0, 0.0, 0.0], "camera_intrinsic": []} for n in range(3)]
    tables["calibrated_sensor"] = sensors
    for n in range(logs):
        log = _token(rng)
        tables["log"].append({"token": log, "vehicle": f"a{n:03d}", "date_captured": "2019-05-22",
                              "location": "Palo Alto", "logfile": f"host-a{n:03d}_lidar1_1232.bin"})
        tokens = [_token(rng) for _ in range(samples_per_log)]
        # In Lyft's data a scene's token is its log's token, which MLE-bench's preparer relies on.
        tables["scene"].append({"token": log, "log_token": log, "nbr_samples": samples_per_log,
                                "first_sample_token": tokens[0], "last_sample_token": tokens[-1],
                                "name": f"host-a{n:03d}-scene", "description": ""})
        for k, sample in enumerate(tokens):
            stamp = 1_557_858_039_302_414 + 200_000 * (n * samples_per_log + k)
            tables["sample"].append({"token": sample, "timestamp": stamp, "scene_token": log,
                                     "prev": tokens[k - 1] if k else "",
                                     "next": tokens[k + 1] if k + 1 < samples_per_log else ""})
            for kind, fmt, sensor in (("images", "jpeg", sensors[(n + k) % 2]), ("lidar", "bin", sensors[2])):
                pose = {"token": _token(rng), "timestamp": stamp,
                        "translation": [round(float(v), 6) for v in rng.uniform(-900, 900, 3)],
                        "rotation": [1.0, 0.0, 0.0, 0.0]}
                tables["ego_pose"].append(pose)
                tables["sample_data"].append({
                    "token": _token(rng), "sample_token": sample, "ego_pose_token": pose["token"],
                    "calibrated_sensor_token": sensor["token"], "timestamp": stamp, "fileformat": fmt,
                    "is_key_frame": True, "filename": f"{kind}/host-a{n:03d}_{kind}_{stamp}.{fmt}",
                    "prev": "", "next": ""})
            for _ in range(int(rng.integers(1, 4))):
                instance = _token(rng)
                tables["instance"].append({"token": instance, "category_token": "c0", "nbr_annotations": 1,
                                           "first_annotation_token": "", "last_annotation_token": ""})
                tables["sample_annotation"].append({
                    "token": _token(rng), "sample_token": sample, "instance_token": instance,
                    "attribute_tokens": [], "visibility_token": "4",
                    "translation": [round(float(v), 4) for v in rng.uniform(-100, 100, 3)],
                    "size": [round(float(v), 3) for v in rng.uniform(0.5, 5, 3)],
                    "rotation": [1.0, 0.0, 0.0, 0.0], "category_name": CLASSES[int(rng.integers(len(CLASSES)))],
                    "prev": "", "next": "", "num_lidar_pts": int(rng.integers(1, 500)), "num_radar_pts": 0})
    return tables


def _labels(tables: dict[str, list], rng: np.random.Generator) -> pd.DataFrame:
    boxes: dict[str, list[str]] = {s["token"]: [] for s in tables["sample"]}
    for a in tables["sample_annotation"]:
        yaw = round(float(rng.uniform(-np.pi, np.pi)), 6)
        boxes[a["sample_token"]] += [*(str(v) for v in a["translation"]), *(str(v) for v in a["size"]), str(yaw),
                                     a["category_name"]]
    return pd.DataFrame({"Id": list(boxes), "PredictionString": [" ".join(b) for b in boxes.values()]})


def make_raw(raw: Path, rng: np.random.Generator, logs: int = 10, samples_per_log: int = 2) -> None:
    """raw/train.csv, train_data/ (13 tables), train_images/, train_lidar/, train_maps/, and Kaggle's unused
    test_data/, test_images/, test_lidar/, test_maps/ and sample_submission.csv."""
    tables = _dataset(rng, logs, samples_per_log)
    tables["map"] = [{"filename": "maps/map_raster_palo_alto.png", "category": "semantic_prior",
                      "token": _token(rng), "log_tokens": [log["token"] for log in tables["log"]]}]
    tables["attribute"] = [{"token": "a0", "name": "object_action_driving_straight_forward", "description": ""}]
    tables["category"] = [{"token": f"c{n}", "name": c, "description": ""} for n, c in enumerate(CLASSES)]
    tables["sensor"] = [{"token": f"s{n}", "channel": ch, "modality": m}
                        for n, (ch, m) in enumerate([("CAM_FRONT", "camera"), ("CAM_BACK", "camera"),
                                                     ("LIDAR_TOP", "lidar")])]
    tables["visibility"] = [{"token": "4", "level": "v80-100", "description": "visibility of whole object"}]
    (raw / "train_data").mkdir(parents=True, exist_ok=True)
    for name, records in tables.items():
        (raw / "train_data" / f"{name}.json").write_text(json.dumps(records, indent=4))
    _labels(tables, rng).to_csv(raw / "train.csv", index=False)
    for kind in ("images", "lidar", "maps"):
        (raw / f"train_{kind}").mkdir(exist_ok=True)
    for entry in tables["sample_data"]:
        name = Path(entry["filename"]).name
        if entry["fileformat"] == "jpeg":
            (raw / "train_images" / name).write_bytes(noise_image(rng, (4, 6, 3), "JPEG"))
        else:
            (raw / "train_lidar" / name).write_bytes(rng.normal(size=(3, 5)).astype(np.float32).tobytes())
    (raw / "train_maps" / "map_raster_palo_alto.png").write_bytes(noise_image(rng, (8, 8, 3), "PNG"))
    test = _dataset(rng, 1, 1)
    (raw / "test_data").mkdir(exist_ok=True)
    (raw / "test_data" / "sample.json").write_text(json.dumps(test["sample"], indent=4))
    for kind in ("images", "lidar", "maps"):
        (raw / f"test_{kind}").mkdir(exist_ok=True)
    pd.DataFrame({"Id": [s["token"] for s in test["sample"]], "PredictionString": ""}).to_csv(
        raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "PredictionString"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """PredictionStrings MLE-bench refuses; the box of row 0 takes the class of its first true box, so it is
    evaluated."""
    truth = answers.set_index("Id").loc[sample.loc[0, "Id"], "PredictionString"].split(" ")
    cls = truth[8]

    def row0(text: str) -> pd.DataFrame:
        out = sample.astype({"PredictionString": object})
        out.loc[0, "PredictionString"] = text
        return out

    return {
        "eight tokens": row0(f"0 0 0 2 4 2 0 {cls}"),
        "doubled space": row0(f"0.5 0 0  0 2 4 2 {cls}"),
        "text number": row0(f"0.5 0 0 zero 2 4 2 0 {cls}"),
        "zero width": row0(f"0.5 0 0 0 0 4 2 0 {cls}"),
        "nan centre": row0(f"0.5 nan 0 0 2 4 2 0 {cls}"),
        "number instead of text": sample.assign(PredictionString=1.5),
    }


_GROUPS = r"A PredictionString must hold groups of 9 tokens"
_NUMBERS = r"PredictionString confidences, centres, sizes and yaws must be numbers"
INVALID_REASONS = {
    "eight tokens": _GROUPS,
    "doubled space": _NUMBERS,
    "text number": _NUMBERS,
    "zero width": r"A box's width, length and height must all be positive\.",
    "nan centre": r"A box's centre, size and yaw must not be NaN\.",
    "number instead of text": r"A PredictionString must be text",
}
