"""Multi-modal Gesture Recognition: Kaggle's training4 batch becomes the test set; every archive is placed as it is."""

import random
import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError

GESTURES = range(1, 21)
COPIED = [
    "training1.tar.gz", "training2.tar.gz", "training3.tar.gz",
    "validation1.tar.gz", "validation2.tar.gz", "validation3.tar.gz",
    "devel01-40.7z", "valid_all_files_combined.7z", "sample_code_mmrgc.zip",
]


def prepare(raw: Path, public: Path, private: Path) -> None:
    shutil.unpack_archive(raw / "training4.tar.gz", raw / "training4", filter="data")
    # Sample00300.zip -> '0300', sorted as text.
    test_ids = sorted(path.stem[-4:] for path in (raw / "training4").glob("*.zip"))
    training = pd.read_csv(raw / "training.csv", dtype={"Id": str, "Sequence": str})
    in_test = training["Id"].isin(test_ids)
    if in_test.sum() != len(test_ids):
        raise PrerequisiteError(f"raw training.csv lists {int(in_test.sum())} of the {len(test_ids)} samples of "
                                f"training4.tar.gz, unlike Kaggle's files; download the data again.")
    training[~in_test].to_csv(public / "training.csv", index=False)
    training[in_test].to_csv(private / "test.csv", index=False)
    pd.DataFrame({"Id": test_ids}).to_csv(public / "test.csv", index=False)

    # MLE-bench seeds Python's global generator with 0; a Random(0) draws the same permutations.
    rng = random.Random(0)
    predictions = [" ".join(str(g) for g in rng.sample(GESTURES, len(GESTURES))) for _ in test_ids]
    pd.DataFrame({"Id": test_ids, "Sequence": predictions}).to_csv(public / "randomPredictions.csv", index=False)

    # The test batch's archive, labels inside its .mat files included (MLE-bench issue #77), renamed.
    link_or_copy_many([(raw / "training4.tar.gz", public / "test.tar.gz")]
                      + [(raw / name, public / name) for name in COPIED])
