"""Obfuscated descriptions: every competition has one that keeps its files and sections but not its name,
Kaggle or the word competition; `--description obfuscated` picks it and the obfuscated instructions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_mlebench.item import INSTRUCTIONS, description_for, instructions_for
from pytest_mlebench.registry import Registry

REPO = Path(__file__).resolve().parents[2]
IDS = Registry(REPO / "competitions").ids()
FILE_NAME = re.compile(r"`([^`\s]+\.(?:csv|json|zip|txt|rtf|png|jpg|tif|wav|aif|dcm|tfrec|xyz|bmp))`")
SECTIONS = ("## Task", "## Files", "## Metric", "## Submission format")


@pytest.mark.parametrize("cid", IDS)
def test_each_competition_has_an_obfuscated_description(cid):
    competition = Registry(REPO / "competitions").get(cid)
    path = description_for(competition, "obfuscated")
    assert path.name == "description_obfuscated.md", f"{cid} lacks description_obfuscated.md"
    text, original = path.read_text(), competition.description_path.read_text()
    lowered = text.lower()
    for giveaway in (competition.name.lower(), cid, "kaggle", "competition", "leaderboard"):
        assert giveaway not in lowered, f"{cid}: the obfuscated description says {giveaway!r}"
    title = text.splitlines()[0].lower()
    assert not set(re.findall(r"[a-z0-9]{4,}", competition.name.lower())) & set(re.findall(r"[a-z0-9]{4,}", title))
    for section in SECTIONS:
        assert section in text, f"{cid}: missing {section}"
    assert set(FILE_NAME.findall(original)) <= set(FILE_NAME.findall(text)), f"{cid}: a file is no longer described"


def test_obfuscated_instructions_go_with_obfuscated_descriptions():
    obfuscated = instructions_for("obfuscated")
    assert obfuscated.name == "instructions_obfuscated.txt"
    assert "kaggle" in INSTRUCTIONS.read_text().lower() and "kaggle" not in obfuscated.read_text().lower()
    assert "competition" not in obfuscated.read_text().lower()
    assert instructions_for("original") == INSTRUCTIONS == instructions_for("concise")
