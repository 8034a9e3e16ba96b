"""TensorFlow Speech Recognition: a tenth of the clips of Kaggle's train.7z (random_state 0) become the test set,
renamed clip_<index>.wav; a test clip's label is its raw folder name, not one of Kaggle's twelve classes."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.data.formats.archives import extract


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "train.7z", raw)
    # (label, path), sorted as MLE-bench sorts them: by '<label>_<file name>' (code points).
    clips = sorted(((p.parent.name, p) for p in (raw / "train" / "audio").rglob("*.wav")),
                   key=lambda clip: f"{clip[0]}_{clip[1].name}")
    train_clips, test_clips = train_test_split(clips, test_size=0.1, random_state=0)

    (public / "test" / "audio").mkdir(parents=True)
    pairs = [(path, public / "train" / "audio" / label / path.name) for label, path in train_clips]
    records = []
    for index, (label, path) in enumerate(test_clips):
        name = f"clip_{index:08d}.wav"
        records.append({"fname": name, "label": label})
        pairs.append((path, public / "test" / "audio" / name))
    link_or_copy_many(pairs)

    test = pd.DataFrame.from_records(records, columns=["fname", "label"])
    test.to_csv(private / "test.csv", index=False)
    test.drop(columns=["label"]).assign(label="silence").to_csv(public / "sample_submission.csv", index=False)
