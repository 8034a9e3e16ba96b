"""Where a competition's data lives (MLE-bench's layout under one data folder, so its prepared data is reused),
and this package's own cache folder (leaderboards, agent environments)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "MLEBENCH_DATA_DIR"
ENV_CACHE_DIR = "MLEBENCH_CACHE_DIR"


def cache_dir() -> Path:
    """$MLEBENCH_CACHE_DIR, else this package's user cache folder."""
    return Path(os.environ.get(ENV_CACHE_DIR) or platformdirs.user_cache_dir("pytest-mlebench"))


def default_data_dir() -> Path:
    """$MLEBENCH_DATA_DIR, else MLE-bench's own default, `<user cache dir>/mle-bench/data`."""
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else Path(platformdirs.user_cache_dir()) / "mle-bench" / "data"


@dataclasses.dataclass(frozen=True)
class DataLayout:
    """`<data_dir>/<id>/{<id>.zip, raw/, prepared/public/, prepared/private/}` and our records beside them."""

    data_dir: Path
    competition_id: str

    @property
    def root(self) -> Path:
        return Path(self.data_dir) / self.competition_id

    @property
    def zip(self) -> Path:
        return self.root / f"{self.competition_id}.zip"

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def prepared(self) -> Path:
        return self.root / "prepared"

    @property
    def public(self) -> Path:
        return self.prepared / "public"

    @property
    def private(self) -> Path:
        return self.prepared / "private"

    @property
    def parity_record(self) -> Path:
        """md5 parity of the prepared files against MLE-bench's pins (ours, outside prepared/)."""
        return self.root / "parity.json"

    @property
    def leaderboard(self) -> Path:
        """MLE-bench's verified leaderboard kept beside the data, for nodes that share it but have no network."""
        return self.root / "leaderboard.csv"

    @property
    def lock(self) -> Path:
        return self.root.parent / f".{self.competition_id}.lock"

    def is_prepared(self) -> bool:
        """Prepared folders appear only by an atomic rename, so their presence means complete."""
        return self.public.is_dir() and self.private.is_dir()
