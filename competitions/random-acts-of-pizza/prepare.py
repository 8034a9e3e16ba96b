"""Random Acts of Pizza: Kaggle's labelled requests split into train and test in Kaggle's own test ratio."""

import json
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import zip_single_file

ID = "request_id"
TARGET = "requester_received_pizza"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = json.loads((raw / "train.json").read_text(encoding="utf-8"))
    old_test = json.loads((raw / "test.json").read_text(encoding="utf-8"))
    test_ratio = len(old_test) / (len(old_train) + len(old_test))
    train_fields = set(old_train[0])
    test_fields = list(old_test[0])  # in the first record's key order, which the public test keeps
    _require_same_keys(old_train, train_fields, "train.json")
    _require_same_keys(old_test, set(test_fields), "test.json")

    new_train, new_test = train_test_split(old_train, test_size=test_ratio, random_state=0)
    test_without_labels = [{field: record[field] for field in test_fields} for record in new_test]
    for name, records in (("train", new_train), ("test", test_without_labels)):
        with open(public / f"{name}.json", "w", encoding="utf-8") as handle:
            json.dump(records, handle, indent=4)
        # One deflated member at the root, as shutil.make_archive writes it in MLE-bench.
        zip_single_file(public / f"{name}.json", public / f"{name}.zip", zipfile.ZIP_DEFLATED)

    answers = pd.DataFrame({ID: [r[ID] for r in new_test], TARGET: [int(r[TARGET]) for r in new_test]})
    answers.to_csv(private / "test.csv", index=False)
    sample = answers.copy()
    sample[TARGET] = 0
    sample.to_csv(public / "sampleSubmission.csv", index=False)


def _require_same_keys(records: list[dict], keys: set[str], source: str) -> None:
    odd = sum(set(r) != keys for r in records)
    if odd:
        raise ValueError(f"raw/{source}: {odd} records do not have the first record's fields.")
