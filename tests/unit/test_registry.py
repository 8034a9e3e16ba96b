"""The registry refuses inconsistent competition folders with the file and the field, and points at the fix."""

from __future__ import annotations

import pytest

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.registry import Registry
from tests.data.throwaway import write_competition

CID = "throwaway"


def load(tmp_path, **config):
    write_competition(tmp_path, CID, config=config)
    return Registry(tmp_path).get(CID)


def refused(tmp_path, match: str, **config) -> str:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, **config)
    message = str(info.value)
    assert str(tmp_path / CID / "config.yaml") in message, message
    assert match in message, message
    return message


def test_a_consistent_folder_loads(tmp_path):
    competition = load(tmp_path)
    assert (competition.id, competition.split, competition.metric) == (CID, "dev", "root-mean-squared-error")
    assert competition.is_lower_better
    assert competition.markers == ("dev", "tabular_regression", "medals")


def test_unknown_metric_names_the_field_and_close_names(tmp_path):
    message = refused(tmp_path, "field 'metric.name'", metric={"name": "root-mean-squared-eror", "higher_is_better": False})
    assert "root-mean-squared-error" in message


def test_direction_contrary_to_the_metric_is_refused(tmp_path):
    metric = {"name": "root-mean-squared-error", "higher_is_better": True}
    refused(tmp_path, "field 'metric.higher_is_better' is True, but metric 'root-mean-squared-error'", metric=metric)


def test_competition_specific_metric_is_declarable(tmp_path):
    refused(tmp_path, "field 'metric.higher_is_better' is False",
            metric={"name": "mean-average-precision", "higher_is_better": False})


def test_missing_field(tmp_path):
    refused(tmp_path, "field 'year' is missing", year=None)


def test_missing_nested_field(tmp_path):
    refused(tmp_path, "field 'metric.higher_is_better' is missing", metric={"name": "root-mean-squared-error"})


def test_wrong_id(tmp_path):
    refused(tmp_path, "field 'id'", id="another-id")


def test_bad_split(tmp_path):
    refused(tmp_path, "field 'split'", split="easy")


def test_wrong_type(tmp_path):
    refused(tmp_path, "field 'awards_medals' must be true or false", awards_medals="yes")


def test_bad_leaderboard_source_and_missing_local_leaderboard(tmp_path):
    lb = {"source": "local", "path": "nowhere.csv", "sha256": "0" * 64, "size": 1}
    refused(tmp_path / "a", "field 'leaderboard.path'", leaderboard=lb)
    refused(tmp_path / "b", "field 'leaderboard.source'", leaderboard={**lb, "source": "github"})


def test_answers_outside_the_prepared_folders(tmp_path):
    refused(tmp_path, "field 'answers'", answers="../answers.csv")


def test_missing_grade_py(tmp_path):
    folder = write_competition(tmp_path, CID)
    (folder / "grade.py").unlink()
    with pytest.raises(ConfigError, match="lacks grade.py") as info:
        Registry(tmp_path).get(CID)
    assert str(folder / "config.yaml") in str(info.value)


def test_not_yaml_and_not_a_mapping(tmp_path):
    folder = write_competition(tmp_path, CID)
    (folder / "config.yaml").write_text("id: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        Registry(tmp_path).get(CID)
    (folder / "config.yaml").write_text("- a list\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        Registry(tmp_path).get(CID)


def test_unknown_id_suggests_close_ids(tmp_path):
    write_competition(tmp_path, "spooky-author-identification")
    with pytest.raises(ConfigError, match="Did you mean: spooky-author-identification\\?"):
        Registry(tmp_path).get("spooky-autor-identification")
    with pytest.raises(ConfigError, match="mlebench list"):
        Registry(tmp_path).get("zzzz")


def test_select_by_split_lite_and_category(tmp_path):
    write_competition(tmp_path, "a-low", config={"split": "low"})
    write_competition(tmp_path, "b-dev", config={"category": "image-classification"})
    registry = Registry(tmp_path)
    assert [c.id for c in registry.select(split="lite")] == ["a-low"]
    assert "lite" in registry.get("a-low").markers
    assert [c.id for c in registry.select(category="image-classification")] == ["b-dev"]
    with pytest.raises(ConfigError, match="Unknown split 'easy'"):
        registry.select(split="easy")


def test_code_loads_on_first_use_only(tmp_path):
    folder = write_competition(tmp_path, CID)
    (folder / "grade.py").write_text("def grade(:\n")
    competition = Registry(tmp_path).get(CID)  # listing and loading read the YAML only
    with pytest.raises(SyntaxError):
        competition.grade_fn  # noqa: B018


def test_missing_competitions_folder_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="MLEBENCH_COMPETITIONS_DIR"):
        Registry(tmp_path / "absent").ids()
