"""Nomad2018: 10% of Kaggle's train becomes the test set (random_state 0); ids renumbered, geometries copied."""

import glob
import shutil
import zipfile
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]
SAMPLE_VALUES = {"formation_energy_ev_natom": 0.1779, "bandgap_energy_ev": 1.8892}
ARCHIVES = ["train.zip", "train.csv.zip", "test.zip", "test.csv.zip"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    # MLE-bench extracts each archive into a folder named after it, so train.csv becomes a folder.
    for name in ARCHIVES:
        with zipfile.ZipFile(raw / name) as archive:
            archive.extractall(raw / name.removesuffix(".zip"))
    old_train = read_csv(raw / "train.csv" / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    train_ids = {old: new for new, old in enumerate(new_train["id"], start=1)}
    test_ids = {old: new for new, old in enumerate(new_test["id"], start=1)}
    new_train["id"] = new_train["id"].map(train_ids)
    new_test["id"] = new_test["id"].map(test_ids)

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=TARGETS).to_csv(public / "test.csv", index=False)

    # "**" without recursive=True matches one folder level, as in MLE-bench.
    geometries = sorted(glob.glob(str(raw / "train" / "train" / "**" / "*.xyz")))
    for side, ids in (("train", train_ids), ("test", test_ids)):
        for path in map(Path, geometries):
            old_id = int(path.parent.name)
            if old_id in ids:
                target = public / side / str(ids[old_id]) / "geometry.xyz"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)

    sample = new_test[["id"]].copy()
    for column, value in SAMPLE_VALUES.items():
        sample[column] = value
    sample.to_csv(public / "sample_submission.csv", index=False)
