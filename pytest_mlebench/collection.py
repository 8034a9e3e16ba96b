"""Competition x seed parameters with their marks, the markers they need registered, and the bundled module
that holds their test body."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pytest_mlebench.registry import SPLITS, Registry, marker_name

STATIC_MARKERS = {
    **{split: f"competitions of MLE-bench's {split} split" for split in SPLITS},
    "lite": "MLE-bench Lite: the low split",
    "medals": "competitions that grant Kaggle medals",
}


MODULE_ID = "mlebench"
BODY_FILE = Path(__file__).with_name("competition_item.py")


def marker_lines(registry: Registry | None) -> list[str]:
    """`name: help` lines for every split, category and flag marker a competition item can carry
    (the split and flag markers only, without a registry)."""
    lines = [f"{name}: {text}" for name, text in STATIC_MARKERS.items()]
    if registry is None:
        return lines
    categories = sorted(registry.categories())
    lines += [f"{marker_name(c)}: {c} competitions" for c in categories if marker_name(c) not in STATIC_MARKERS]
    return lines


def competition_params(registry: Registry, seeds: Sequence[int]) -> list:
    """One `pytest.param(competition_id, seed)` per competition and seed, id `<id>-seed<k>`, with its marks."""
    params = []
    for competition in registry.all():
        marks = [getattr(pytest.mark, name) for name in competition.markers]
        for seed in seeds:
            params.append(pytest.param(competition.id, seed, marks=marks, id=f"{competition.id}-seed{seed}"))
    return params


def collects_competitions(config: pytest.Config, agent: str | None) -> bool:
    """Whether this session's items are the competitions: an agent is given and no path is named on the command
    line (paths given explicitly are collected as pytest always does, without competition items)."""
    return bool(agent) and config.args_source != pytest.Config.ArgsSource.ARGS


def competition_module(session: pytest.Session) -> pytest.Module:
    """The bundled test body as the session's one module, node id `mlebench`, whatever the working folder."""
    return pytest.Module.from_parent(session, path=BODY_FILE, name=MODULE_ID, nodeid=MODULE_ID)
