"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train/<id>.json, train_orders.csv,
train_ancestors.csv, and the unused test/ and sample_submission.csv)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test"  # the test notebooks' JSON files; no public test CSV
PUBLIC_TRAIN = "train_orders.csv"
PREPARE_CONSTANTS = {"TEST_NOTEBOOKS": 8}  # MLE-bench's 20,000 test notebooks, scaled to the tiny raw data


def _hex(rng: np.random.Generator, width: int) -> str:
    return f"{int(rng.integers(0, 16**width)):0{width}x}"


def _notebook(rng: np.random.Generator) -> tuple[dict, list[str]]:
    """Kaggle's notebook JSON (code cells in true order, then the markdown cells) and the true cell order."""
    cells = [_hex(rng, 8) for _ in range(int(rng.integers(2, 7)))]
    kinds = ["code" if k else "markdown" for k in rng.integers(0, 2, size=len(cells))]
    kinds[0] = "code"
    code = [c for c, k in zip(cells, kinds, strict=True) if k == "code"]
    markdown = [c for c, k in zip(cells, kinds, strict=True) if k == "markdown"]
    stored = code + list(rng.permutation(markdown))
    kind_of = dict(zip(cells, kinds, strict=True))
    return {
        "cell_type": {c: kind_of[c] for c in stored},
        "source": {c: ("import numpy as np" if kind_of[c] == "code" else "# Notes") for c in stored},
    }, cells


def make_raw(raw: Path, rng: np.random.Generator, notebooks: int = 24) -> None:
    (raw / "train").mkdir(parents=True, exist_ok=True)
    ids = [_hex(rng, 14) for _ in range(notebooks)]
    orders = []
    for notebook in ids:
        content, truth = _notebook(rng)
        (raw / "train" / f"{notebook}.json").write_text(json.dumps(content), encoding="utf-8")
        orders.append(" ".join(truth))
    pd.DataFrame({"id": ids, "cell_order": orders}).to_csv(raw / "train_orders.csv", index=False)
    # Families of one to three notebooks; a forked notebook names its parent.
    family = np.minimum(np.arange(notebooks) // 2, notebooks // 2 - 1)
    family[-3:] = family[-3]  # one family of three
    ancestor = {f: _hex(rng, 8) for f in set(family.tolist())}
    parents = [np.nan if i == 0 or family[i - 1] != family[i] else ids[i - 1] for i in range(notebooks)]
    pd.DataFrame({"id": ids, "ancestor_id": [ancestor[f] for f in family], "parent_id": parents}).to_csv(
        raw / "train_ancestors.csv", index=False
    )
    (raw / "test").mkdir(exist_ok=True)
    content, _ = _notebook(rng)
    test_id = _hex(rng, 14)
    (raw / "test" / f"{test_id}.json").write_text(json.dumps(content), encoding="utf-8")
    pd.DataFrame({"id": [test_id], "cell_order": [" ".join(content["cell_type"])]}).to_csv(
        raw / "sample_submission.csv", index=False
    )


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per-notebook rules: the cell count and the cells themselves must be the notebook's."""
    first = sample["cell_order"].iloc[0].split()
    return {
        "a cell left out": sample.assign(cell_order=[" ".join(first[1:])] + sample["cell_order"].iloc[1:].tolist()),
        "an unknown cell": sample.assign(
            cell_order=[" ".join(["ffffffff", *first[1:]])] + sample["cell_order"].iloc[1:].tolist()),
        "a cell twice": sample.assign(
            cell_order=[" ".join([first[0], *first[:-1]])] + sample["cell_order"].iloc[1:].tolist()),
    }


INVALID_REASONS = {
    "a cell left out": r"1 notebook\(s\) have a 'cell_order' whose number of cell ids differs",
    "an unknown cell": r"A predicted cell order lacks 1 of the notebook's cells\.",
    "a cell twice": r"A predicted cell order lacks 1 of the notebook's cells\.",
}
