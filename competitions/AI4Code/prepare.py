"""AI4Code: whole ancestor families of Kaggle's train notebooks go to a 20,000-notebook test set (greedy fill)."""

import json
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

TEST_NOTEBOOKS = 20_000  # MLE-bench's target, reached exactly on Kaggle's data


def prepare(raw: Path, public: Path, private: Path) -> None:
    ancestors = read_csv(raw / "train_ancestors.csv").sample(frac=1, random_state=0).reset_index(drop=True)
    test_ids, train_ids = _greedy_split(ancestors)
    test_set = set(test_ids)

    link_or_copy_many(
        [(raw / "train" / f"{nb}.json", public / "train" / f"{nb}.json") for nb in train_ids]
        + [(raw / "train" / f"{nb}.json", public / "test" / f"{nb}.json") for nb in test_ids]
    )

    orders = read_csv(raw / "train_orders.csv")
    orders[~orders["id"].isin(test_set)].to_csv(public / "train_orders.csv", index=False)
    test_orders = orders[orders["id"].isin(test_set)]
    test_orders.to_csv(private / "test_orders.csv", index=False)
    ancestors[~ancestors["id"].isin(test_set)].to_csv(public / "train_ancestors.csv", index=False)

    # The sample keeps each notebook's stored cell order (code cells in true order, then markdown).
    sample = pd.DataFrame({
        "id": test_orders["id"].tolist(),
        "cell_order": [" ".join(_stored_cells(public / "test" / f"{nb}.json")) for nb in test_orders["id"]],
    })
    sample.to_csv(public / "sample_submission.csv", index=False)


def _greedy_split(ancestors: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Families in order of first appearance; a family joins the test set while it still fits in the target."""
    groups: dict[object, list[str]] = {}
    for position, (notebook, ancestor) in enumerate(zip(ancestors["id"], ancestors["ancestor_id"], strict=True)):
        # A missing ancestor never equals another one: each forms its own family.
        key = ("missing", position) if pd.isna(ancestor) else ancestor
        groups.setdefault(key, []).append(notebook)
    test_ids: list[str] = []
    train_ids: list[str] = []
    for members in groups.values():
        if len(test_ids) + len(members) <= TEST_NOTEBOOKS:
            test_ids.extend(members)
        else:
            train_ids.extend(members)
    if len(test_ids) != TEST_NOTEBOOKS:
        raise ValueError(f"Expected {TEST_NOTEBOOKS} test notebooks, the family fill reached {len(test_ids)}.")
    return test_ids, train_ids


def _stored_cells(path: Path) -> list[str]:
    return list(json.loads(path.read_text(encoding="utf-8"))["cell_type"])
