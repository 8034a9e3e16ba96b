"""Statoil/C-CORE Iceberg: 20% of Kaggle's labelled train.json becomes the test set (random_state 0); the public
files are 7z archives of JSON records and of the sample submission, as MLE-bench writes them."""

import json
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.formats.archives import extract, write_archive
from pytest_mlebench.errors import PreparationError


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "train.json.7z", raw)
    extract(raw / "test.json.7z", raw)
    old_train = _records(raw / "data" / "processed" / "train.json")
    old_test = _records(raw / "data" / "processed" / "test.json")
    # Kaggle's test set is used only for its field names, in the key order of its first record.
    test_fields = list(old_test[0].keys())

    new_train, new_test = train_test_split(old_train, test_size=0.2, random_state=0)
    new_test_without_labels = [{key: record[key] for key in test_fields} for record in new_test]
    # json.dumps with Python's defaults is what MLE-bench's json.dump writes: ', ' and ': ', float repr.
    write_archive(public / "train.json.7z", {"train.json": json.dumps(new_train).encode()})
    write_archive(public / "test.json.7z", {"test.json": json.dumps(new_test_without_labels).encode()})

    answers = pd.DataFrame([{"id": r["id"], "is_iceberg": int(r["is_iceberg"])} for r in new_test])
    answers.to_csv(private / "test.csv", index=False)
    sample = answers.copy()
    sample["is_iceberg"] = 0.5
    sample.to_csv(private / "sample_submission.csv", index=False)
    write_archive(
        public / "sample_submission.csv.7z",
        {"sample_submission.csv": (private / "sample_submission.csv").read_bytes()},
    )


def _records(path: Path) -> list[dict]:
    """A JSON list of records whose key sets all equal the first record's (MLE-bench asserts it)."""
    with open(path) as handle:
        records = json.load(handle)
    fields = set(records[0])
    if any(set(record) != fields for record in records):
        raise PreparationError(f"{path.name}: records do not all have the fields {sorted(fields)}.")
    return records
