"""Answers to the conformance suite: tiny raw data in Kaggle's layout (transactions_train.csv, articles.csv,
customers.csv, sample_submission.csv with zero-padded article ids, images/<3 digits>/<article_id>.jpg)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "customers.csv"  # every customer; those who buy in the test window are the test rows
PUBLIC_TRAIN = None  # a time split: test customers also have train transactions
ROW_ORDER_FREE = True  # the grader sorts both frames by customer_id
ARTICLE_COLUMNS = [
    "article_id", "product_code", "prod_name", "product_type_no", "product_type_name", "product_group_name",
    "graphical_appearance_no", "graphical_appearance_name", "colour_group_code", "colour_group_name",
    "perceived_colour_value_id", "perceived_colour_value_name", "perceived_colour_master_id",
    "perceived_colour_master_name", "department_no", "department_name", "index_code", "index_name",
    "index_group_no", "index_group_name", "section_no", "section_name", "garment_group_no", "garment_group_name",
    "detail_desc",
]


def _articles(rng: np.random.Generator, count: int) -> pd.DataFrame:
    codes = np.sort(rng.choice(np.arange(108_775, 959_461), size=count, replace=False))
    rows = []
    for code in codes:
        row = {c: 1 for c in ARTICLE_COLUMNS}
        row.update({"article_id": f"0{code}0{int(rng.integers(1, 4)):02d}", "product_code": f"0{code}",
                    "prod_name": "Strap top", "product_type_name": "Vest top", "colour_group_name": "Black",
                    "index_code": "A", "detail_desc": "Jersey top with narrow, shoulder straps."})
        rows.append(row)
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def make_raw(raw: Path, rng: np.random.Generator, customers: int = 20, articles: int = 15) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    catalogue = _articles(rng, articles)
    catalogue.to_csv(raw / "articles.csv", index=False)
    ids = [f"{int(rng.integers(0, 2**62)):016x}" * 4 for _ in range(customers)]
    pd.DataFrame({
        "customer_id": ids, "FN": [1.0 if n % 3 == 0 else np.nan for n in range(customers)],
        "Active": [1.0 if n % 3 == 0 else np.nan for n in range(customers)], "club_member_status": "ACTIVE",
        "fashion_news_frequency": "NONE", "age": rng.integers(18, 80, size=customers),
        "postal_code": f"{int(rng.integers(0, 2**62)):016x}" * 4,
    }).to_csv(raw / "customers.csv", index=False)

    days = pd.date_range("2020-08-25", "2020-09-22").strftime("%Y-%m-%d")
    rows = []
    for day in days:
        for _ in range(int(rng.integers(1, 4))):
            customer = ids[int(rng.integers(0, customers))]
            for article in rng.choice(catalogue["article_id"], size=int(rng.integers(1, 3))):
                rows.append({"t_dat": day, "customer_id": customer, "article_id": article,
                             "price": float(rng.integers(5, 60)) / 590, "sales_channel_id": int(rng.integers(1, 3))})
    rows.append({**rows[-1]})  # the same article bought twice in the window
    pd.DataFrame(rows).to_csv(raw / "transactions_train.csv", index=False)

    popular = " ".join(catalogue["article_id"].iloc[:12])
    pd.DataFrame({"customer_id": ids, "prediction": popular}).to_csv(raw / "sample_submission.csv", index=False)
    for article in catalogue["article_id"]:
        folder = raw / "images" / article[:3]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{article}.jpg").write_bytes(noise_image(rng, (4, 3, 3), "JPEG"))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """Each customer's distinct articles in purchase order (a repeat would take a rank without a hit)."""
    distinct = [" ".join(dict.fromkeys(str(p).split(" "))) for p in answers["prediction"]]
    return answers.assign(prediction=distinct)


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every customer of the answers must be present."""
    test_customer = answers["customer_id"].iloc[0]
    return {"a test customer left out": sample[sample["customer_id"] != test_customer]}


INVALID_REASONS = {"a test customer left out": r"Submission lacks 1 of the test set's customer_id values\."}
