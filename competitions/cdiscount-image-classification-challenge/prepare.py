"""Cdiscount: 10% of Kaggle's train products (random_state 0) become the test set; documents keep their _ids.

MLE-bench streams train.bson once for the split and three times more for the outputs; one pass writes all three
here (same documents, same order, same bytes), as the 58 GB file is the cost.
"""

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.formats.bson_documents import encode_document, iter_documents

SAMPLE_CATEGORY = 1000010653
TRAIN_EXAMPLE_SIZE = 100


def prepare(raw: Path, public: Path, private: Path) -> None:
    products = pd.DataFrame(
        [(doc["_id"], doc["category_id"]) for doc in iter_documents(raw / "train.bson")], columns=["_id", "category_id"]
    )
    new_train, answers = train_test_split(products, test_size=0.1, random_state=0)
    answers = answers.sort_values("_id")
    answers.to_csv(private / "answers.csv", index=False)
    answers[["_id"]].assign(category_id=SAMPLE_CATEGORY).to_csv(public / "sample_submission.csv", index=False)

    train_ids, test_ids = set(new_train["_id"]), set(answers["_id"])
    examples = 0
    with (open(public / "train.bson", "wb") as train, open(public / "test.bson", "wb") as test,
          open(public / "train_example.bson", "wb") as example):
        for doc in iter_documents(raw / "train.bson"):
            if doc["_id"] in train_ids:
                data = encode_document(doc)
                train.write(data)
                if examples < TRAIN_EXAMPLE_SIZE:
                    example.write(data)
                    examples += 1
            elif doc["_id"] in test_ids:
                del doc["category_id"]
                test.write(encode_document(doc))
    shutil.copyfile(raw / "category_names.csv", public / "category_names.csv")
