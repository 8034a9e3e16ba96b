"""IceCube: a tenth of Kaggle's training batches (whole batches, random_state 0) become the test set.

The meta tables are split by batch; each batch's pulse file moves whole (hard-linked) to public/train or public/test.
"""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.data.formats.tables import read_parquet, write_parquet

TARGETS = ["azimuth", "zenith"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_parquet(raw / "train_meta.parquet")
    batch_ids = old_train["batch_id"].unique()
    train_batches, test_batches = train_test_split(batch_ids, test_size=0.1, random_state=0)
    train_batches, test_batches = set(train_batches.tolist()), set(test_batches.tolist())

    new_train = old_train[old_train["batch_id"].isin(train_batches)].reset_index(drop=True)
    new_test = old_train[old_train["batch_id"].isin(test_batches)].reset_index(drop=True)
    answers = new_test[["event_id", *TARGETS]]
    sample = answers.assign(azimuth=1, zenith=1)

    # MLE-bench writes these two with fastparquet; pyarrow is the writer here (a known issue: their bytes differ).
    write_parquet(new_train, public / "train_meta.parquet")
    write_parquet(new_test.drop(columns=TARGETS), public / "test_meta.parquet")
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    (public / "sensor_geometry.csv").write_bytes((raw / "sensor_geometry.csv").read_bytes())

    pairs = []
    for path in sorted((raw / "train").glob("*.parquet")):
        batch = int(path.stem.split("_")[-1])
        if batch in train_batches:
            pairs.append((path, public / "train" / path.name))
        elif batch in test_batches:
            pairs.append((path, public / "test" / path.name))
    link_or_copy_many(pairs)
