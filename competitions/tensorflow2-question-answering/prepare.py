"""TensorFlow 2.0 Question Answering: Kaggle's train, read in chunks of 1,000 lines; a tenth of every chunk
(random_state 0, so the same offsets in every full chunk) becomes the test set. A gold and a blank submission."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.errors import PreparationError

CHUNK_LINES = 1_000  # MLE-bench's read_json chunk size; the split is made within each chunk
PUBLIC_TEST_COLUMNS = ["example_id", "question_text", "document_text", "long_answer_candidates"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    source = raw / "simplified-nq-train.jsonl"
    gold_rows: list[tuple[str, str]] = []
    with (
        pd.read_json(source, orient="records", lines=True, chunksize=CHUNK_LINES) as chunks,
        open(public / "simplified-nq-train.jsonl", "w") as train_out,
        open(private / "test.jsonl", "w") as answers_out,
        open(public / "simplified-nq-test.jsonl", "w") as test_out,
    ):
        for chunk in chunks:
            chunk["example_id"] = chunk["example_id"].astype(str)
            new_train, new_test = train_test_split(chunk, test_size=0.1, random_state=0)
            train_out.write(new_train.to_json(orient="records", lines=True))
            answers_out.write(new_test.to_json(orient="records", lines=True))
            test_out.write(new_test[PUBLIC_TEST_COLUMNS].to_json(orient="records", lines=True))
            for example_id, annotations in zip(new_test["example_id"], new_test["annotations"], strict=True):
                gold_rows.extend(_gold_rows(example_id, annotations))

    gold = pd.DataFrame(gold_rows, columns=["example_id", "PredictionString"])
    gold.to_csv(private / "gold_submission.csv", index=False)
    gold.assign(PredictionString="").to_csv(public / "sample_submission.csv", index=False)


def _gold_rows(example_id: str, annotations: list[dict]) -> list[tuple[str, str]]:
    """The '<id>_short' row, then the '<id>_long' row, from the example's single annotation."""
    if len(annotations) != 1:
        raise PreparationError(f"Test example {example_id} has {len(annotations)} annotations; MLE-bench expects 1.")
    annotation = annotations[0]
    if annotation["yes_no_answer"] != "NONE":
        short = annotation["yes_no_answer"]
    elif annotation["short_answers"]:
        first = annotation["short_answers"][0]
        short = f"{first['start_token']}:{first['end_token']}"
    else:
        short = ""
    long_answer = annotation["long_answer"]
    long = f"{long_answer['start_token']}:{long_answer['end_token']}" if long_answer["start_token"] != -1 else ""
    return [(f"{example_id}_short", short), (f"{example_id}_long", long)]
