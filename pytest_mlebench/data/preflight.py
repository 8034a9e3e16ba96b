"""Before any download: which competitions this Kaggle account may download, and what the user must do for the rest.

It asks Kaggle only about competitions whose raw data is not here yet, downloads nothing, and prepares nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from pytest_mlebench.data.download import RULES_URL, DownloadAccess
from pytest_mlebench.data.files import human_bytes
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition

AccessCheck = Callable[[list[str]], list[DownloadAccess]]

DATA_TAB_URL = "https://www.kaggle.com/c/{id}/data"
DATA_TAB_HELP = (
    "its Late Submission button is disabled, so accept the rules from the Data tab instead: open {url}, scroll to "
    "the bottom and press \"I Understand and Accept\""
)


@dataclasses.dataclass(frozen=True)
class Preflight:
    """Per competition: 'prepared', 'raw present', 'built in' (nothing to download) or Kaggle's answer."""

    local: dict[str, str]  # id -> why nothing is downloaded
    access: dict[str, DownloadAccess]  # id -> what Kaggle said

    @property
    def blocked(self) -> dict[str, DownloadAccess]:
        """Competitions whose download Kaggle would refuse (rules, a missing competition, the network)."""
        return {cid: a for cid, a in self.access.items() if not a.allowed}

    @property
    def download_bytes(self) -> int:
        return sum(a.size or 0 for a in self.access.values() if a.allowed)


def needs_download(competition: Competition, data_dir: Path) -> str | None:
    """None where `prepare` would download the raw archive; else why it would not."""
    layout = DataLayout(Path(data_dir), competition.id)
    if competition.raw_source == "builtin":
        return "built in (no download)"
    if layout.is_prepared():
        return "prepared"
    if layout.raw.is_dir() and any(layout.raw.iterdir()):
        return "raw files present"
    if layout.zip.is_file():
        return "raw archive present"
    return None


def run_preflight(competitions: Sequence[Competition], data_dir: Path, check: AccessCheck) -> Preflight:
    """Ask `check` (Kaggle) about every competition that needs a download, in one go; download nothing."""
    local = {c.id: why for c in competitions if (why := needs_download(c, data_dir)) is not None}
    remote = [c.id for c in competitions if c.id not in local]
    access = {a.competition_id: a for a in check(remote)} if remote else {}
    return Preflight(local, access)


def format_preflight(preflight: Preflight, competitions: Sequence[Competition]) -> list[str]:
    """One line per competition, then what to do for each blocked one (rules pages, the Data tab)."""
    lines = []
    width = max((len(c.id) for c in competitions), default=2)
    for c in competitions:
        if c.id in preflight.local:
            lines.append(f"{c.id:{width}}  ok: {preflight.local[c.id]}")
            continue
        access = preflight.access[c.id]
        if access.allowed:
            lines.append(f"{c.id:{width}}  ok: may download ({human_bytes(access.size)})")
        elif access.rules_pending:
            lines.append(f"{c.id:{width}}  RULES NOT ACCEPTED")
        else:
            lines.append(f"{c.id:{width}}  CANNOT DOWNLOAD: {access.reason}")
    pending = [c for c in competitions if c.id in preflight.blocked and preflight.blocked[c.id].rules_pending]
    if pending:
        lines.append(f"Accept the rules of {len(pending)} competition(s) with the account of your Kaggle credentials:")
        for c in pending:
            line = f"  {c.id}: {RULES_URL.format(id=c.id)}"
            if c.rules_on_data_tab:
                line += "; " + DATA_TAB_HELP.format(url=DATA_TAB_URL.format(id=c.id))
            lines.append(line)
    if preflight.access:
        lines.append(f"To download: {human_bytes(preflight.download_bytes)} from Kaggle "
                     f"({sum(a.allowed for a in preflight.access.values())} archive(s)).")
    return lines
