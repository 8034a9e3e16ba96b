"""NFL player contact: 10% of Kaggle's train game plays (labels, tracking, helmets, videos) become the test set."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError

TABLES = ["baseline_helmets", "player_tracking", "video_metadata"]
VIEWS = ["All29", "Endzone", "Sideline"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    if not (raw / "train").is_dir():
        raise PrerequisiteError(f"{raw / 'train'} is missing: extract Kaggle's download (train/*.mp4) into {raw}.")
    (public / "train").mkdir(exist_ok=True)
    (public / "test").mkdir(exist_ok=True)
    # MLE-bench reads every table with plain pandas (default float parser), which fixes the floats written back.
    labels = pd.read_csv(raw / "train_labels.csv")
    # An object array as pandas 2 returns it (pandas 3's Arrow-backed strings cannot be indexed by sklearn).
    plays = np.asarray(labels["game_play"].unique(), dtype=object)
    train_plays, test_plays = train_test_split(plays, test_size=0.1, random_state=0)
    new_train = labels[labels["game_play"].isin(train_plays)]
    new_test = labels[labels["game_play"].isin(test_plays)]
    new_train.to_csv(public / "train_labels.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)

    for name in TABLES:
        table = pd.read_csv(raw / f"train_{name}.csv")
        for side, plays in (("train", train_plays), ("test", test_plays)):
            table[table["game_play"].isin(plays)].to_csv(public / f"{side}_{name}.csv", index=False)

    link_or_copy_many(
        (raw / "train" / f"{play}_{view}.mp4", public / side / f"{play}_{view}.mp4")
        for view in VIEWS
        for side, frame in (("train", new_train), ("test", new_test))
        for play in frame["game_play"].unique()
    )
    pd.DataFrame({"contact_id": new_test["contact_id"], "contact": 0}).to_csv(
        public / "sample_submission.csv", index=False)
