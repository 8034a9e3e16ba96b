"""What a user wants to know about one competition before spending a GPU on it: its metric, its data on this
machine (sizes, file counts, parity with MLE-bench's pins), the disk a preparation needs, the medal thresholds
and the known issues. Reads only local files: no download, no competition code."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytest_mlebench.data.files import FolderSize, folder_size, human_bytes
from pytest_mlebench.errors import LeaderboardMissingError, MlebenchError
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import read_json

# Preparation writes the public and private files beside the raw ones: hard links cost nothing, but CSVs and
# re-encoded files are new bytes. Twice the raw size is the conservative need MLE-bench's users report.
PREPARE_DISK_FACTOR = 2.0


@dataclasses.dataclass(frozen=True)
class CompetitionInfo:
    competition: Competition
    raw: FolderSize | None
    prepared: FolderSize | None
    parity: str  # "all files match MLE-bench's md5 pins", "n of m files differ ...", or "not prepared"
    disk_needed: int | None  # bytes a preparation may write; None while the raw data is absent
    thresholds: dict[str, float] | None
    leaderboard_note: str | None


def competition_info(competition: Competition, data_dir: Path) -> CompetitionInfo:
    """Everything `mlebench info` prints, from the local data folder only."""
    layout = DataLayout(data_dir, competition.id)
    raw = folder_size(layout.raw)
    if raw is None and layout.zip.is_file():
        raw = FolderSize(layout.zip.stat().st_size, 1)
    prepared = folder_size(layout.prepared) if layout.is_prepared() else None
    thresholds, note = _thresholds(competition, data_dir)
    return CompetitionInfo(
        competition=competition,
        raw=raw,
        prepared=prepared,
        parity=_parity(layout),
        disk_needed=None if raw is None else int(raw.bytes * PREPARE_DISK_FACTOR),
        thresholds=thresholds,
        leaderboard_note=note,
    )


def _parity(layout: DataLayout) -> str:
    if not layout.is_prepared():
        return "not prepared"
    if not layout.parity_record.is_file():
        return "prepared, parity not yet checked (`mlebench prepare` records it)"
    files = read_json(layout.parity_record).get("files", {})
    pinned = {name: f for name, f in files.items() if f.get("expected")}
    differ = sorted(name for name, f in pinned.items() if f.get("status") != "match")
    if not differ:
        return f"all {len(pinned)} pinned files match MLE-bench's md5s"
    return f"{len(differ)} of {len(pinned)} pinned files differ from MLE-bench's md5s: {', '.join(differ[:5])}"


def _thresholds(competition: Competition, data_dir: Path) -> tuple[dict[str, float] | None, str | None]:
    from pytest_mlebench.scoring.leaderboard import load_scores
    from pytest_mlebench.scoring.medals import rank_score

    try:
        scores = load_scores(competition, data_dir, download=False)
    except LeaderboardMissingError:
        return None, "leaderboard not on this machine (`mlebench leaderboard ID` fetches it)"
    except MlebenchError as exc:
        return None, str(exc)
    medals = rank_score(None, scores, competition.is_lower_better)
    return {
        "gold": medals.gold_threshold, "silver": medals.silver_threshold, "bronze": medals.bronze_threshold,
        "median": medals.median_threshold, "teams": float(len(scores)),
    }, None


def format_info(info: CompetitionInfo) -> list[str]:
    """The lines `mlebench info` prints."""
    c = info.competition
    lines = [
        f"{c.id}: {c.name}",
        f"  split {c.split}, {c.category}, {c.competition_type} competition, {c.year}; "
        f"medals {'awarded' if c.awards_medals else 'not awarded'}",
        f"  metric {c.metric} ({'higher' if c.higher_is_better else 'lower'} is better)",
    ]
    if c.submission is not None:
        s = c.submission
        lines.append(f"  submission: id {', '.join(s.id_columns)}; targets "
                     f"{', '.join(s.targets) if s.targets else 'every answers column'} ({s.type}); rows {s.rows}")
    for name, size in (("raw", info.raw), ("prepared", info.prepared)):
        lines.append(f"  {name} data: " + ("absent" if size is None else f"{human_bytes(size.bytes)} in {size.files} files"))
    lines.append(f"  parity: {info.parity}")
    lines.append(f"  disk a preparation may need: {human_bytes(info.disk_needed)}"
                 + ("" if info.raw is not None else " (known once the raw data is downloaded)"))
    if info.thresholds is None:
        lines.append(f"  medal thresholds: {info.leaderboard_note}")
    else:
        t = info.thresholds
        lines.append(f"  medal thresholds ({int(t['teams'])} teams): gold {t['gold']:g}, silver {t['silver']:g}, "
                     f"bronze {t['bronze']:g}, median {t['median']:g}")
    lines.append(f"  known issues: {len(c.known_issues) or 'none'}")
    lines.extend(f"    - {issue.summary}" + (f" ({issue.link})" if issue.link else "") for issue in c.known_issues)
    return lines
