"""H&M: the transactions of the last 8 days (max date - 7 days, inclusive) become the test window."""

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

TEST_DAYS = 7
COLUMNS = ["t_dat", "customer_id", "article_id", "price", "sales_channel_id"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    # article_id is parsed as an integer, as in MLE-bench: the answers lose Kaggle's leading zero.
    transactions = read_csv(raw / "transactions_train.csv")
    dates = pd.to_datetime(transactions["t_dat"])
    in_test = dates >= dates.max() - pd.Timedelta(days=TEST_DAYS)
    transactions.loc[~in_test, COLUMNS].to_csv(public / "transactions_train.csv", index=False)

    bought = transactions.loc[in_test, ["customer_id", "article_id"]].astype({"article_id": str})
    answers = bought.groupby("customer_id")["article_id"].agg(" ".join).reset_index()
    answers.columns = ["customer_id", "prediction"]
    answers.to_csv(private / "answers.csv", index=False)

    for name in ("sample_submission.csv", "articles.csv", "customers.csv"):
        shutil.copyfile(raw / name, public / name)
    images = raw / "images"
    if images.is_dir():
        link_or_copy_many(
            (path, public / path.relative_to(raw)) for path in sorted(images.rglob("*")) if path.is_file()
        )
