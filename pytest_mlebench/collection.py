"""Competition x seed parameters with their marks, and the markers they need registered."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pytest_mlebench.registry import SPLITS, Registry, marker_name

STATIC_MARKERS = {
    **{split: f"competitions of MLE-bench's {split} split" for split in SPLITS},
    "lite": "MLE-bench Lite: the low split",
    "medals": "competitions that grant Kaggle medals",
}


def marker_lines(registry: Registry) -> list[str]:
    """`name: help` lines for every split, category and flag marker a competition item can carry."""
    lines = [f"{name}: {text}" for name, text in STATIC_MARKERS.items()]
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
