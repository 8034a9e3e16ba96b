"""The README's competition table is generated from the configs and must be current."""

from pathlib import Path

from pytest_mlebench.competition_table import BEGIN, END, main, table, with_table
from pytest_mlebench.registry import Registry

REPO = Path(__file__).resolve().parents[2]


def test_readme_table_is_current():
    readme = (REPO / "README.md").read_text()
    competitions = Registry(REPO / "competitions").all()
    assert with_table(readme, competitions) == readme, "run `python -m pytest_mlebench.competition_table`"


def test_the_table_lists_every_competition_once_with_its_split():
    competitions = Registry(REPO / "competitions").all()
    rows = [line for line in table(competitions).splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert sorted(r.split(" | ")[0][2:] for r in rows) == sorted(c.id for c in competitions)
    by_split = {split: sum(c.split == split for c in competitions) for split in ("low", "medium", "high", "dev")}
    assert by_split == {"low": 22, "medium": 38, "high": 15, "dev": 7}


def test_check_reports_a_stale_table_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(REPO / "competitions"))
    stale = tmp_path / "README.md"
    stale.write_text(f"intro\n{BEGIN}\n| old | table |\n{END}\noutro\n")
    assert main(["--readme", str(stale), "--check"]) == 1
    assert "| old | table |" in stale.read_text()
    assert main(["--readme", str(stale)]) == 0
    assert main(["--readme", str(stale), "--check"]) == 0
    assert stale.read_text().startswith("intro\n") and stale.read_text().endswith("outro\n")
