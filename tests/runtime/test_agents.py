"""Agent specs (built-in and YAML) and the built-in agents' submissions, graded by the real graders."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from pytest_mlebench.agent_types import PROGRAMS
from pytest_mlebench.agents import load_agent
from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import ConfigError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.runtime.local import LocalRuntime
from pytest_mlebench.scoring.grade import check_submission_format, score_submission
from tests.runtime.conftest import agent_log, run_spec


def test_builtin_agents_run_their_program_with_this_python():
    for name in ("dummy", "baseline"):
        agent = load_agent(name)
        assert agent.command == (sys.executable, str(PROGRAMS / f"{name}.py"))
        assert (agent.name, agent.source, agent.network, agent.secrets) == (name, "builtin", False, ())
        assert len(agent.version) == 12


def test_an_unknown_agent_lists_the_known_ones_and_the_yaml_option():
    with pytest.raises(ConfigError) as info:
        load_agent("basline")
    message = str(info.value)
    assert "Did you mean: baseline?" in message
    assert "Known agents: aide, baseline, dummy" in message
    assert ".yaml" in message


def test_a_yaml_agent(tmp_path):
    (tmp_path / "agent.py").write_text("print('hi')")
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\ncommand: [python, agent.py, --fast]\nenv: {TEMPERATURE: 0.5}\n"
        "secrets: [OPENAI_API_KEY]\nnetwork: true\nversion: 2\n"
    )
    agent = load_agent(str(path))
    assert agent.name == "mine"
    assert agent.command == ("python", str(tmp_path / "agent.py"), "--fast")
    assert agent.env == {"TEMPERATURE": "0.5"}
    assert (agent.secrets, agent.network, agent.version) == (("OPENAI_API_KEY",), True, "2")
    assert agent.source == str(path.resolve())


@pytest.mark.parametrize(
    "text, message",
    [
        ("name: x\ncommand: [a]\ntimeout: 3\n", "unknown field(s) timeout"),
        ("name: x\n", "needs a 'command'"),
        ("command: [a]\nnetwork: yes please\n", "'network' must be true or false"),
        ("command: [a]\nsecrets: [1bad]\n", "'secrets' must be a list"),
        ("command: [a]\nenv: [A]\n", "'env' must map"),
        ("[a, b]\n", "expected a mapping"),
    ],
)
def test_a_bad_yaml_agent_names_the_file_and_the_field(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_agent(str(path))
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_missing_yaml_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_agent(str(tmp_path / "none.yaml"))


def _run(agent_name, layout, run_dir, seed=0):
    # Where bubblewrap is missing the agents still run, unsandboxed: these tests are about the agents.
    spec = run_spec(layout, run_dir, load_agent(agent_name), seed=seed, time_limit=300.0)
    result = LocalRuntime(allow_unsandboxed=True).run(spec)
    return spec, result


@pytest.mark.parametrize("agent_name", ["dummy", "baseline"])
def test_builtin_agents_write_a_valid_submission_for_spooky(spooky, tmp_path, agent_name):
    competition, data_dir, layout = spooky
    spec, result = _run(agent_name, layout, tmp_path / "run")
    submission = spec.submission_dir / "submission.csv"
    assert result.exit_code == 0, agent_log(spec)
    assert check_submission_format(competition, submission, data_dir) is None
    if agent_name == "baseline":
        assert "multiclass_proba of ['EAP', 'HPL', 'MWS'] from train column 'author'" in agent_log(spec)
        assert (spec.code_dir / "baseline.py").is_file()


def test_baseline_is_deterministic_for_a_seed(spooky, tmp_path):
    _, _, layout = spooky
    first, _ = _run("baseline", layout, tmp_path / "a", seed=5)
    second, _ = _run("baseline", layout, tmp_path / "b", seed=5)
    assert (first.submission_dir / "submission.csv").read_bytes() == (second.submission_dir / "submission.csv").read_bytes()


@pytest.fixture(scope="module")
def practice_data(tmp_path_factory):
    return tmp_path_factory.mktemp("practice")


@pytest.mark.parametrize(
    "competition_id, expected_log",
    [
        ("practice-breast-cancer", "binary_proba of ['target']"),
        ("practice-diabetes", "regress of ['target']"),
        ("practice-digits", "pixel model on"),
    ],
)
def test_baseline_beats_the_sample_submission_on_practice_competitions(
    registry, practice_data, tmp_path, competition_id, expected_log
):
    if competition_id not in registry.ids():
        pytest.skip(f"{competition_id} is not in this checkout.")
    competition = registry.get(competition_id)
    prepare_competition(competition, practice_data, download=None)
    layout = DataLayout(practice_data, competition_id)
    spec, result = _run("baseline", layout, tmp_path / "run")
    answers = read_csv(layout.prepared / competition.answers)
    ours = score_submission(competition, spec.submission_dir / "submission.csv", answers)
    sample = score_submission(competition, layout.public / "sample_submission.csv", answers)
    assert expected_log in agent_log(spec)
    assert (ours < sample) if competition.is_lower_better else (ours > sample)


def test_baseline_falls_back_to_the_sample_when_it_cannot_understand_the_data(tmp_path):
    odd = DataLayout(tmp_path / "data", "odd")
    odd.public.mkdir(parents=True)
    odd.private.mkdir()
    pd.DataFrame({"id": [1, 2], "answer": [0.5, 0.5]}).to_csv(odd.public / "sample_submission.csv", index=False)
    pd.DataFrame({"id": [9], "unrelated": [1]}).to_csv(odd.public / "train.csv", index=False)
    spec, result = _run("baseline", odd, tmp_path / "run")
    assert result.exit_code == 0
    assert "keeping the sample submission: cannot find the targets ['answer']" in agent_log(spec)
    assert (spec.submission_dir / "submission.csv").read_bytes() == (odd.public / "sample_submission.csv").read_bytes()
