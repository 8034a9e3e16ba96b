"""ALASKA2: 5,000 Cover images become the test set; each test image is its Cover or one stego version, at random.

Kaggle's own Test/ folder is not used. Train images are renumbered 00001.jpg.. in split order; test images
0001.jpg.. in the order of a seeded shuffle.
"""

import random
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many

TEST_SIZE = 5000
ALGORITHMS = ("JMiPOD", "JUNIWARD", "UERD")


def assign_test_images(new_test: list) -> list[tuple[str, object, str | None]]:
    """(new test id, its item of `new_test`, stego algorithm or None for the Cover image), in id order.

    MLE-bench seeds the global `random` with 0, shuffles the list in place, then draws per image: a coin for
    Cover/stego and, for stego, the algorithm, all on one stream. A private `Random(0)` gives the same stream.
    """
    rng = random.Random(0)
    shuffled = list(new_test)
    rng.shuffle(shuffled)
    sources = []
    for k, item in enumerate(shuffled):
        algorithm = None if rng.choice([True, False]) else rng.choice(list(ALGORITHMS))
        sources.append((f"{k + 1:04d}.jpg", item, algorithm))
    return sources


def prepare(raw: Path, public: Path, private: Path) -> None:
    covers = sorted((raw / "Cover").glob("*.jpg"))
    new_train, new_test = train_test_split(covers, test_size=TEST_SIZE, random_state=42)

    pairs = []
    for k, cover in enumerate(new_train):
        name = f"{k + 1:05d}.jpg"
        pairs.append((cover, public / "Cover" / name))
        pairs.extend((raw / algorithm / cover.name, public / algorithm / name) for algorithm in ALGORITHMS)

    rows = []
    for test_id, cover, algorithm in assign_test_images(new_test):
        source = cover if algorithm is None else raw / algorithm / cover.name
        pairs.append((source, public / "Test" / test_id))
        rows.append((test_id, 0 if algorithm is None else 1))
    for folder in ("Cover", "Test", *ALGORITHMS):
        (public / folder).mkdir(parents=True, exist_ok=True)
    link_or_copy_many(pairs)

    answers = pd.DataFrame(rows, columns=["Id", "Label"])
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(Label=0).to_csv(public / "sample_submission.csv", index=False)
