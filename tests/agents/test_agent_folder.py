"""MLE-bench agent folders read into an agent spec: entries, anchors and merges, kwargs as MLE-bench passes them,
secrets by name only, and one sentence naming the file and the field for every bad config."""

from __future__ import annotations

import json

import pytest

from pytest_mlebench.agent_folder import load_folder_agent, start_command
from pytest_mlebench.agents import check_runtime_fit, check_secrets, load_agent
from pytest_mlebench.errors import ConfigError, PrerequisiteError
from pytest_mlebench.runtime.container_config import read_container_config
from tests.agents.mlebench_folder import write_dummy_folder

MULTI = """x-defaults: &defaults
  start: dummy/start.sh
  dockerfile: dummy/Dockerfile
  kwargs_type: omegaconf
  kwargs: &kwargs
    agent.steps: 5
    agent.code.model: gpt-4o
  env_vars: &env
    OPENAI_API_KEY: ${{ secrets.MY_HOST_KEY }}
    PLAIN: value
aide:
  <<: *defaults
aide/dev:
  <<: *defaults
  kwargs:
    <<: *kwargs
    agent.steps: 1
    debug: true
cli:
  start: dummy/start.sh
  dockerfile: dummy/Dockerfile
  kwargs_type: argparse
  kwargs:
    steps: 3
    model: o1
"""


def test_the_only_entry_is_chosen_and_runs_start_sh_in_the_agent_dir(tmp_path):
    folder = write_dummy_folder(tmp_path / "agents")
    agent = load_folder_agent(str(folder))
    assert agent.agent_id == "dummy" and agent.command == ("bash", "/home/agent/start.sh")
    assert agent.env == {"DUMMY_MODE": "copy"}  # merged from the `x-` anchor, which is no entry itself
    spec = load_agent(str(folder))
    assert spec.container_command == ("bash", "/home/agent/start.sh") and spec.build_context == str(folder)
    assert spec.image.startswith("mlebench-folder-dummy-") and not spec.network


def test_anchors_merges_and_omegaconf_kwargs_as_mlebench_passes_them(tmp_path):
    folder = write_dummy_folder(tmp_path / "agents", MULTI)
    dev = load_folder_agent(f"{folder}/config.yaml:aide/dev")
    assert dev.command[2:] == ("agent.steps=1", "agent.code.model=gpt-4o", "debug=True")
    assert load_folder_agent(str(folder), "aide").command[2:] == ("agent.steps=5", "agent.code.model=gpt-4o")
    assert load_folder_agent(str(folder), "cli").command[2:] == ("--steps", "3", "--model", "o1")
    assert start_command({"a": 1}, None) == ("bash", "/home/agent/start.sh")


def test_a_secret_is_a_host_variable_name_never_its_value(tmp_path, monkeypatch):
    folder = write_dummy_folder(tmp_path / "agents", MULTI)
    monkeypatch.setenv("MY_HOST_KEY", "sk-very-secret")
    spec = load_agent(str(folder), agent_id="aide")
    assert spec.secret_env == {"OPENAI_API_KEY": "MY_HOST_KEY"} and spec.env == {"PLAIN": "value"}
    assert "sk-very-secret" not in json.dumps(spec.__dict__, default=str)
    check_secrets(spec)
    monkeypatch.delenv("MY_HOST_KEY")
    with pytest.raises(PrerequisiteError, match=r"needs \$MY_HOST_KEY"):
        check_secrets(spec)


def test_several_entries_need_an_id_and_a_wrong_id_lists_them(tmp_path):
    folder = write_dummy_folder(tmp_path / "agents", MULTI)
    with pytest.raises(ConfigError, match=r"has 3 agents \(aide, aide/dev, cli\); choose one with --agent-id"):
        load_agent(str(folder))
    with pytest.raises(ConfigError, match=r"has no agent 'nope'; its agents are aide, aide/dev, cli"):
        load_agent(str(folder), agent_id="nope")
    with pytest.raises(ConfigError, match="--agent-id says 'cli'"):
        load_folder_agent(f"{folder}/config.yaml:aide", "cli")


@pytest.mark.parametrize(("config", "message"), [
    ("a:\n  dockerfile: dummy/Dockerfile\n", r"config.yaml: agent 'a' field 'start' is missing"),
    ("a:\n  start: dummy/nope.sh\n  dockerfile: dummy/Dockerfile\n", r"agent 'a' field 'start' names .*nope.sh, which is not a file"),
    ("a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  kwargs: {x: 1}\n",
     r"agent 'a' field 'kwargs_type' is missing; with kwargs it must be argparse or omegaconf"),
    ("a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  kwargs_type: hydra\n", r"field 'kwargs_type' must be argparse"),
    ("a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  privileged: yes please\n", r"field 'privileged' must be true or false"),
    ("a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  env_vars: {K: '${{ secret.X }}'}\n",
     r"field 'env_vars' entry 'K' must be a plain value or exactly"),
    ("a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  image: x\n", r"agent 'a' has unknown field\(s\) image"),
    ("a: [1, 2]\n", r"agent 'a' must be a mapping"),
    ("a: {start: [\n", r"config.yaml is not valid YAML at line"),
])
def test_a_bad_config_is_one_sentence_naming_file_and_field(tmp_path, config, message):
    folder = write_dummy_folder(tmp_path / "agents", config)
    with pytest.raises(ConfigError, match=message) as raised:
        load_agent(str(folder))
    assert str(folder / "config.yaml") in str(raised.value) and "\n" not in str(raised.value)


def test_an_agent_folder_runs_only_in_docker_and_privileged_only_when_accepted(tmp_path, monkeypatch):
    config = "a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  privileged: true\n"
    spec = load_agent(str(write_dummy_folder(tmp_path / "agents", config)))
    with pytest.raises(PrerequisiteError, match="add --runtime docker"):
        check_runtime_fit(spec, "local")
    monkeypatch.delenv("I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS", raising=False)
    with pytest.raises(PrerequisiteError, match="set I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS=True"):
        check_runtime_fit(spec, "docker")
    monkeypatch.setenv("I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS", "true")
    check_runtime_fit(spec, "docker")


def test_agent_id_without_a_folder_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="--agent-id x needs --agent to name an MLE-bench agent folder"):
        load_agent(str(tmp_path / "spec.yaml"), agent_id="x")


def test_container_config_in_mlebench_format(tmp_path):
    path = tmp_path / "container.json"
    path.write_text(json.dumps({"shm_size": "4G", "nano_cpus": 2e9, "mem_limit": None, "gpus": -1,
                                "runtime": "sysbox-runc"}))
    config = read_container_config(path)
    assert (config.shm_size, config.cpus, config.memory, config.gpus, config.docker_runtime) == (
        "4G", 2.0, None, None, "sysbox-runc")
    path.write_text(json.dumps({"gpus": 2, "mem_limit": "8g"}))
    assert read_container_config(path).gpus == ("0", "1") and read_container_config(path).memory == "8g"
    for bad, message in (({"cpus": 2}, "unknown key"), ({"shm_size": "lots"}, "'shm_size' must be a size"),
                         ({"gpus": "all"}, "'gpus' must be -1"), ({"nano_cpus": -1}, "'nano_cpus' must be a positive number")):
        path.write_text(json.dumps(bad))
        with pytest.raises(ConfigError, match=message):
            read_container_config(path)


def _run_spec(tmp_path, agent):
    from pytest_mlebench.runtime import RunSpec

    (tmp_path / "public").mkdir(exist_ok=True)
    return RunSpec(competition_id="toy", seed=0, agent=agent, public_dir=tmp_path / "public", run_dir=tmp_path / "run",
                   time_limit=90, instructions=tmp_path / "i.txt", description=tmp_path / "d.md")


def test_the_container_starts_the_endpoint_then_start_sh_with_secrets_by_value_only_there(tmp_path, monkeypatch):
    from pytest_mlebench.runtime.docker import DockerRuntime, _environment

    folder = write_dummy_folder(tmp_path / "agents", MULTI)
    monkeypatch.setenv("MY_HOST_KEY", "sk-very-secret")
    spec = _run_spec(tmp_path, load_agent(str(folder), agent_id="aide/dev"))
    arguments = DockerRuntime(client=object())._create_arguments(spec, _environment(spec), "1000:1000")
    assert arguments["entrypoint"] == ["/opt/mlebench/entrypoint.sh"]
    assert arguments["command"] == ["bash", "/home/agent/start.sh", "agent.steps=1", "agent.code.model=gpt-4o", "debug=True"]
    environment = arguments["environment"]
    assert environment["OPENAI_API_KEY"] == "sk-very-secret" and environment["PLAIN"] == "value"
    assert environment["TIME_LIMIT_SECS"] == "90" and environment["COMPETITION_ID"] == "toy"
    assert arguments["network_mode"] == "none" and arguments["cap_drop"] == ["ALL"] and "privileged" not in arguments


def test_privileged_reaches_the_container_only_with_the_acknowledgement(tmp_path, monkeypatch):
    from pytest_mlebench.runtime.docker import DockerRuntime

    config = "a:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  privileged: true\n"
    spec = _run_spec(tmp_path, load_agent(str(write_dummy_folder(tmp_path / "agents", config))))
    monkeypatch.delenv("I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS", raising=False)
    with pytest.raises(PrerequisiteError, match="privileged"):
        DockerRuntime(client=object())._create_arguments(spec, {}, "1000:1000")
    monkeypatch.setenv("I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS", "True")
    arguments = DockerRuntime(client=object())._create_arguments(spec, {}, "1000:1000")
    assert arguments["privileged"] is True and "cap_drop" not in arguments


def test_a_builtin_agent_keeps_its_image_command(tmp_path):
    from pytest_mlebench.runtime.docker import DockerRuntime

    spec = _run_spec(tmp_path, load_agent("dummy"))
    arguments = DockerRuntime(client=object())._create_arguments(spec, {}, "1000:1000")
    assert "entrypoint" not in arguments and "command" not in arguments


def test_container_config_fills_what_the_command_line_leaves_unsaid(pytester, tmp_path):
    from pytest_mlebench.options import resolve_settings

    path = tmp_path / "container.json"
    path.write_text(json.dumps({"shm_size": "4G", "nano_cpus": 4e9, "mem_limit": "6g", "gpus": 0,
                                "runtime": "sysbox-runc"}))
    settings = resolve_settings(pytester.parseconfig(f"--container-config={path}"))
    assert (settings.shm_size, settings.cpus, settings.memory, settings.gpus, settings.docker_runtime) == (
        "4G", 4.0, "6g", (), "sysbox-runc")
    settings = resolve_settings(pytester.parseconfig(f"--container-config={path}", "--cpus=1", "--shm-size=1g",
                                                     "--gpus=3", "--docker-runtime=runsc"))
    assert (settings.shm_size, settings.cpus, settings.gpus, settings.docker_runtime) == ("1g", 1.0, ("3",), "runsc")
    path.write_text("{")
    with pytest.raises(pytest.UsageError, match=r"Container config .*container.json is not readable JSON"):
        resolve_settings(pytester.parseconfig(f"--container-config={path}"))


def test_the_build_context_is_the_folder_with_from_mlebench_env_pinned_and_the_disk_untouched(tmp_path):
    import io
    import tarfile

    from pytest_mlebench.folder_images import pinned_context

    folder = write_dummy_folder(tmp_path / "agents")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.txt").write_text("kept\n")
    before = (folder / "Dockerfile").read_text()
    data = pinned_context(folder, folder / "Dockerfile", "mlebench-env:pin-0123")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        dockerfile = tar.extractfile("Dockerfile").read().decode()
        assert tar.extractfile("sub/x.txt").read() == b"kept\n"
        assert sorted(tar.getnames()) == sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert dockerfile.splitlines()[0] == "FROM mlebench-env:pin-0123"
    assert dockerfile.splitlines()[1:] == before.splitlines()[1:] and (folder / "Dockerfile").read_text() == before


@pytest.mark.parametrize(("agent", "prefix"), [
    ("/x/agents/dummy", "dummy-"), ("/x/agents/aide/config.yaml", "aide-"),
    ("/x/agents/aide/config.yaml:aide/dev", "aide_dev-"), ("dummy", "dummy-"), ("/x/spec.yaml", "spec-"),
])
def test_the_default_run_group_names_the_folder_or_its_entry(agent, prefix):
    from pytest_mlebench.options import default_run_group

    assert default_run_group(agent).startswith(prefix)
