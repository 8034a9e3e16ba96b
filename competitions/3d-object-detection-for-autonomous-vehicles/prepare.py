"""Lyft 3D object detection: 20% of Kaggle's train logs (their scenes, samples, sensor data, poses, media) become
the test set; every devkit table is split by log, with MLE-bench's map.json quirk kept."""

import json
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy, link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError

SHARED_TABLES = ["attribute.json", "category.json", "sensor.json", "visibility.json"]
MAP_IMAGE = "map_raster_palo_alto.png"
MEDIA = {"jpeg": "images", "bin": "lidar"}


def _load(raw: Path, table: str) -> list:
    return json.loads((raw / "train_data" / table).read_text())


def _write(public: Path, split: str, table: str, records: list) -> None:
    # json.dump's defaults, as MLE-bench writes them: no indent, ', ' and ': ', ASCII escapes.
    (public / f"{split}_data" / table).write_text(json.dumps(records))


def _by_side(records: list, key: str, train: set, test: set, table: str) -> tuple[list, list]:
    """Records whose `key` is in `train`, then those whose key is in `test`; any other record is an error."""
    outside = [r["token"] for r in records if r[key] not in train and r[key] not in test]
    if outside:
        raise PrerequisiteError(f"train_data/{table} has {len(outside)} records of neither split: download Kaggle's "
                                "files again.")
    return [r for r in records if r[key] in train], [r for r in records if r[key] not in train]


def prepare(raw: Path, public: Path, private: Path) -> None:
    if not (raw / "train_data").is_dir():
        raise PrerequisiteError(f"{raw / 'train_data'} is missing: extract Kaggle's download into {raw}.")
    for split in ("train", "test"):
        (public / f"{split}_data").mkdir(exist_ok=True)

    logs = _load(raw, "log.json")
    log_ids = [log["token"] for log in logs]
    if len(set(log_ids)) != len(log_ids):
        raise PrerequisiteError("train_data/log.json repeats a log token: download Kaggle's files again.")
    train_logs, test_logs = train_test_split(log_ids, test_size=0.2, random_state=0)
    train_log_set, test_log_set = set(train_logs), set(test_logs)
    _write(public, "train", "log.json", [log for log in logs if log["token"] in train_log_set])
    _write(public, "test", "log.json", [log for log in logs if log["token"] in test_log_set])

    # MLE-bench compares each sample's scene token with the LOG tokens: in Lyft's data a scene's token is its log's.
    samples = _load(raw, "sample.json")
    train_samples, test_samples = _by_side(samples, "scene_token", train_log_set, test_log_set, "sample.json")
    _write(public, "train", "sample.json", train_samples)
    _write(public, "test", "sample.json", test_samples)

    labels = pd.read_csv(raw / "train.csv")
    train_ids = {s["token"] for s in train_samples}
    test_ids = {s["token"] for s in test_samples}
    new_train = labels[labels["Id"].isin(train_ids)]
    new_test = labels[labels["Id"].isin(test_ids)]
    if len(new_train) + len(new_test) != len(labels) or (len(new_train), len(new_test)) != (
            len(train_ids), len(test_ids)):
        raise PrerequisiteError("train.csv and train_data/sample.json list different samples: download Kaggle's "
                                "files again.")
    new_train.to_csv(public / "train.csv", index=False)
    answers = new_test.copy()
    answers["PredictionString"] = [_with_confidence(text) for text in new_test["PredictionString"]]
    answers.to_csv(private / "test.csv", index=False)
    pd.DataFrame({"Id": new_test["Id"], "PredictionString": ""}).to_csv(public / "sample_submission.csv",
                                                                        index=False)

    sample_data = _load(raw, "sample_data.json")
    train_data, test_data = _by_side(sample_data, "sample_token", set(new_train["Id"]), set(new_test["Id"]),
                                     "sample_data.json")
    _write(public, "train", "sample_data.json", train_data)
    _write(public, "test", "sample_data.json", test_data)

    for split in ("test", "train"):
        link_or_copy(raw / "train_maps" / MAP_IMAGE, public / f"{split}_maps" / MAP_IMAGE)
        for table in SHARED_TABLES:
            link_or_copy(raw / "train_data" / table, public / f"{split}_data" / table)

    sensors = {record["token"]: record for record in _load(raw, "calibrated_sensor.json")}
    poses = {record["token"]: record for record in _load(raw, "ego_pose.json")}
    used_sensors, used_poses = set(), set()
    for split, entries in (("train", train_data), ("test", test_data)):
        tokens = list(dict.fromkeys(entry["calibrated_sensor_token"] for entry in entries))
        used_sensors.update(tokens)
        used_poses.update(entry["ego_pose_token"] for entry in entries)
        _write(public, split, "calibrated_sensor.json", [sensors[token] for token in tokens])
        _write(public, split, "ego_pose.json", [poses[entry["ego_pose_token"]] for entry in entries])
    # MLE-bench asserts that the two splits together use every calibration and every pose.
    if used_sensors != set(sensors) or used_poses != set(poses):
        raise PrerequisiteError("train_data/calibrated_sensor.json or ego_pose.json has records no sensor data "
                                "uses: download Kaggle's files again.")

    maps = _load(raw, "map.json")
    if len(maps) != 1:
        raise PrerequisiteError(f"train_data/map.json holds {len(maps)} maps, Kaggle's holds one.")
    # MLE-bench's shallow copies share one map dict: the test logs, set last, end up in both files (a known issue).
    maps[0]["log_tokens"] = test_logs
    _write(public, "train", "map.json", maps)
    _write(public, "test", "map.json", maps)

    scenes = _load(raw, "scene.json")
    train_scenes, test_scenes = _by_side(scenes, "log_token", train_log_set, test_log_set, "scene.json")
    _write(public, "train", "scene.json", train_scenes)
    _write(public, "test", "scene.json", test_scenes)

    annotations = _load(raw, "sample_annotation.json")
    train_annotations, test_annotations = _by_side(annotations, "sample_token", set(new_train["Id"]),
                                                   set(new_test["Id"]), "sample_annotation.json")
    _write(public, "train", "sample_annotation.json", train_annotations)
    instances = _load(raw, "instance.json")
    train_instances, _ = _by_side(instances, "token", {a["instance_token"] for a in train_annotations},
                                  {a["instance_token"] for a in test_annotations}, "instance.json")
    _write(public, "train", "instance.json", train_instances)

    _place_media(raw, public, sample_data, set(new_test["Id"]))


def _with_confidence(text: str) -> str:
    """A ground-truth PredictionString of 8-token boxes with the confidence '1.0' put before each box."""
    tokens = text.split(" ")
    if len(tokens) % 8:
        raise PrerequisiteError("train.csv has a PredictionString that is not made of 8-token boxes.")
    return " ".join(t for start in range(0, len(tokens), 8) for t in ["1.0", *tokens[start:start + 8]])


def _place_media(raw: Path, public: Path, sample_data: list, test_ids: set) -> None:
    for split in ("test", "train"):
        for kind in MEDIA.values():
            (public / f"{split}_{kind}").mkdir(exist_ok=True)
    pairs = {}
    for entry in sample_data:
        kind = MEDIA.get(entry["fileformat"])
        if kind is None:
            raise PrerequisiteError(f"train_data/sample_data.json has a file of format {entry['fileformat']!r}.")
        name = Path(entry["filename"]).name
        source = raw / f"train_{kind}" / name
        if not source.is_file():
            raise PrerequisiteError(f"{source} is missing: extract Kaggle's download into {raw}.")
        target = public / f"{'test' if entry['sample_token'] in test_ids else 'train'}_{kind}" / name
        pairs.setdefault(target, source)  # MLE-bench skips a destination it already wrote
    link_or_copy_many((source, target) for target, source in pairs.items())
