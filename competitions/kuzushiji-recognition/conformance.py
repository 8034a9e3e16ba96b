"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images.zip of JPEGs,
unicode_translation.csv), with a page without characters in the test split."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
PUBLIC_TEST = "test_images.zip"  # no public test CSV: the archive's entries name the test pages
PUBLIC_TRAIN = "train.csv"
CODES = ["U+306F", "U+304C", "U+3044", "U+3057", "U+306B"]


def _page(rng: np.random.Generator) -> str:
    boxes = []
    for _ in range(int(rng.integers(1, 5))):
        x, y = (int(v) for v in rng.integers(0, 3000, size=2))
        width, height = (int(v) for v in rng.integers(20, 90, size=2))
        boxes.append(f"{rng.choice(CODES)} {x} {y} {width} {height}")
    return " ".join(boxes)


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 30) -> None:
    """raw/train.csv, train_images.zip (<image_id>.jpg at the root), unicode_translation.csv, and Kaggle's unused
    test_images.zip and sample_submission.csv. Some pages have no characters, one of them in the test split."""
    books = ["100241706", "200003076", "umgy001"]
    ids = [f"{books[n % 3]}_{n:05d}" for n in range(rows)]
    labels: list[object] = [_page(rng) for _ in ids]
    order = np.random.RandomState(0).permutation(rows)
    labels[order[0]] = np.nan  # a test page without characters (train_test_split's first test row)
    labels[order[-1]] = np.nan  # and a train page
    raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"image_id": ids, "labels": labels}).to_csv(raw / "train.csv", index=False)
    _zip_pages(raw / "train_images.zip", ids, rng)
    pd.DataFrame({"Unicode": CODES, "char": ["は", "が", "い", "し", "に"]}).to_csv(
        raw / "unicode_translation.csv", index=False
    )
    test_ids = [f"test_{n:08x}" for n in range(3)]
    _zip_pages(raw / "test_images.zip", test_ids, rng)
    pd.DataFrame({"image_id": test_ids, "labels": "U+003F 1 1 U+FF2F 2 2"}).to_csv(
        raw / "sample_submission.csv", index=False
    )


def _zip_pages(path: Path, ids: list[str], rng: np.random.Generator) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for image_id in ids:
            archive.writestr(f"{image_id}.jpg", noise_image(rng, (5, 4, 3), "JPEG"))
    path.write_bytes(buffer.getvalue())


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """One point at the centre of every true box."""
    def centres(labels: object) -> object:
        if not isinstance(labels, str):
            return labels
        t = labels.split(" ")
        return " ".join(f"{t[i]} {int(t[i + 1]) + int(t[i + 3]) / 2} {int(t[i + 2]) + int(t[i + 4]) / 2}"
                        for i in range(0, len(t), 5))
    return answers.assign(labels=answers["labels"].map(centres))


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    numbers = sample.assign(labels=3.5)
    numbers.loc[0, "labels"] = np.nan
    return {
        "labels not in triples": sample.assign(labels="U+306F 1 1 U+304C 2"),
        "trailing space": sample.assign(labels="U+306F 1 1 "),
        "doubled space": sample.assign(labels="U+306F  1 1 U+304C 2 2"),
        "x not a number": sample.assign(labels="U+306F left 1"),
        "y not a number": sample.assign(labels="U+306F 1 1 U+304C 2 top"),
        "numbers instead of labels": numbers,
    }


_TRIPLES = r"A labels cell must hold 'label x y' triples separated by single spaces"
_NUMBERS = r"The x and y of each 'label x y' triple must be numbers\."
INVALID_REASONS = {
    "labels not in triples": _TRIPLES,
    "trailing space": _TRIPLES,
    "doubled space": _TRIPLES,
    "x not a number": _NUMBERS,
    "y not a number": _NUMBERS,
    "numbers instead of labels": r"Column 'labels' must hold text",
}
