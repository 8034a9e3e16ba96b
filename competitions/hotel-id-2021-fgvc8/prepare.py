"""Hotel-ID 2021: 10% of Kaggle's train images (random_state 0) become the test set; hotels are not held apart."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

# Listed twice in Kaggle's train.csv; MLE-bench drops both rows.
DUPLICATED_IMAGE = "ce27d36c9147cc19.jpg"
SAMPLE_PREDICTION = "36363 53586 18807 64314 60181"


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    old_train = old_train[old_train["image"] != DUPLICATED_IMAGE]
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test[["image"]].assign(hotel_id=SAMPLE_PREDICTION).to_csv(public / "sample_submission.csv", index=False)

    def source(row) -> Path:
        return raw / "train_images" / str(row.chain) / row.image

    placed = [(source(row), public / "train_images" / str(row.chain) / row.image) for row in new_train.itertuples()]
    placed += [(source(row), public / "test_images" / row.image) for row in new_test.itertuples()]
    (public / "test_images").mkdir(exist_ok=True)
    link_or_copy_many(placed)
