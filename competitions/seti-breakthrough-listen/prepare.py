"""SETI Breakthrough Listen: 10% of Kaggle's train becomes the test set (random_state 0); the cadence arrays keep
their <first character>/<id>.npy layout, and Kaggle's old_leaky_data/ is passed on whole."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train_labels.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train_labels.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)

    leaky = raw / "old_leaky_data"
    link_or_copy_many(
        (source, public / "old_leaky_data" / source.relative_to(leaky))
        for source in sorted(leaky.rglob("*")) if source.is_file()
    )
    link_or_copy_many(
        (raw / "train" / cadence[0] / f"{cadence}.npy", public / side / cadence[0] / f"{cadence}.npy")
        for side, frame in (("train", new_train), ("test", new_test))
        for cadence in frame["id"]
    )
    new_test.assign(target=0.5).to_csv(public / "sample_submission.csv", index=False)
