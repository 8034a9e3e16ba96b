"""frames.read_answers: CSV answers as read_csv reads them, JSON-lines answers as one record a line."""

import json

import pandas as pd

from pytest_mlebench.frames import read_answers, read_csv


def test_jsonl_records_keep_strings_and_nested_values(tmp_path):
    records = [{"example_id": "-12", "annotations": [{"long_answer": {"start_token": -1}}]},
               {"example_id": "7", "annotations": []}]
    path = tmp_path / "test.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    frame = read_answers(path)
    assert frame["example_id"].tolist() == ["-12", "7"]
    assert frame["annotations"].tolist() == [r["annotations"] for r in records]


def test_csv_is_read_as_read_csv_reads_it(tmp_path):
    path = tmp_path / "answers.csv"
    pd.DataFrame({"id": [1, 2], "y": [0.1, 0.30000000000000004]}).to_csv(path, index=False)
    pd.testing.assert_frame_equal(read_answers(path), read_csv(path))
