"""pytest hooks and fixtures only: each delegates to the modules that do the work."""

from __future__ import annotations

import os
from typing import Any

import pytest

from pytest_mlebench.errors import ConfigError, PrerequisiteError
from pytest_mlebench.options import Settings, add_options, default_run_group, resolve_settings
from pytest_mlebench.registry import Registry

SETTINGS = pytest.StashKey[Settings]()
RUN_GROUP = pytest.StashKey[str]()
REGISTRY = pytest.StashKey[Registry]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from pytest_mlebench import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_configure(config: pytest.Config) -> None:
    """Markers always; everything else only with an agent, so an unrelated pytest run never notices the plugin."""
    from pytest_mlebench.collection import marker_lines

    agent = config.getoption("agent") or os.environ.get("MLEBENCH_AGENT")
    registry = Registry()
    config.stash[REGISTRY] = registry
    try:
        lines = marker_lines(registry)
    except ConfigError as exc:
        if agent:
            raise pytest.UsageError(str(exc)) from None
        lines = marker_lines(None)
    for line in lines:
        config.addinivalue_line("markers", line)
    if not agent:
        return
    settings = resolve_settings(config)
    config.stash[SETTINGS] = settings
    workerinput = getattr(config, "workerinput", None)
    run_group = (workerinput or {}).get("mlebench_run_group") or settings.run_group or default_run_group(settings.agent)
    config.stash[RUN_GROUP] = run_group
    _check_agent_and_runtime(settings)
    _check_executor(config, settings)
    if workerinput is None:
        from pytest_mlebench.session import MlebenchSession

        if settings.runtime == "docker":
            from pytest_mlebench.runtime.docker import reap_stale_containers

            reap_stale_containers()  # containers left by killed workers of earlier sessions

        config.pluginmanager.register(MlebenchSession(settings, registry, run_group), "mlebench-session")


def _check_agent_and_runtime(settings: Settings) -> None:
    from pytest_mlebench.agents import check_secrets, load_agent, prepare_agent
    from pytest_mlebench.runtime import make_runtime

    try:
        agent = load_agent(settings.agent, settings.agent_options)
        check_secrets(agent)
        make_runtime(settings.runtime, settings.allow_unsandboxed, settings.docker_runtime).check_available()
        prepare_agent(agent, settings.runtime)
    except (ConfigError, PrerequisiteError) as exc:
        raise pytest.UsageError(str(exc)) from None


def _check_executor(config: pytest.Config, settings: Settings) -> None:
    if settings.executor == "inline":
        return
    if getattr(config.option, "numprocesses", None):
        raise pytest.UsageError(
            f"-n has no use with --executor={settings.executor}: the runs go to the scheduler as one job array and "
            "this session only waits and grades; drop -n (--max-concurrent bounds how many run at once)."
        )
    from pytest_mlebench.executor.slurm import SlurmEngine

    try:
        SlurmEngine(settings.runs_dir, settings.slurm).check_available()
    except PrerequisiteError as exc:
        raise pytest.UsageError(str(exc)) from None


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: every worker uses the controller's run group, so all runs of a session land together."""
    if RUN_GROUP in node.config.stash:
        node.workerinput["mlebench_run_group"] = node.config.stash[RUN_GROUP]


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """With --agent and no path given, the session collects the bundled competition module instead of the
    working folder, so `pytest --agent=...` works from any folder and `pytest tests/` never sees the items."""
    report = yield
    from pytest_mlebench.collection import collects_competitions, competition_module

    config = collector.config
    agent = config.stash[SETTINGS].agent if SETTINGS in config.stash else None
    if isinstance(collector, pytest.Session) and report.passed and collects_competitions(config, agent):
        report.result = [competition_module(collector)]
    return report


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if SETTINGS in metafunc.config.stash and {"competition_id", "seed"} <= set(metafunc.fixturenames):
        from pytest_mlebench.collection import competition_params

        settings = metafunc.config.stash[SETTINGS]
        metafunc.parametrize(("competition_id", "seed"), competition_params(metafunc.config.stash[REGISTRY], settings.seeds))


@pytest.fixture(scope="session")
def mlebench_context(pytestconfig: pytest.Config):
    """What every item shares: data and runs folders, run group, agent and runtime."""
    from pytest_mlebench.agents import load_agent
    from pytest_mlebench.item import ItemContext
    from pytest_mlebench.runtime import make_runtime

    settings = pytestconfig.stash[SETTINGS]
    return ItemContext(
        data_dir=settings.data_dir,
        runs_dir=settings.runs_dir,
        run_group=pytestconfig.stash[RUN_GROUP],
        agent=load_agent(settings.agent, settings.agent_options),
        runtime=make_runtime(settings.runtime, settings.allow_unsandboxed, settings.docker_runtime),
        time_limit=settings.time_limit,
        description=settings.description,
        cpus=settings.cpus,
        memory=settings.memory,
        shm_size=settings.shm_size,
        retries=settings.retries,
        pids_limit=settings.pids_limit,
        disk_quota=settings.disk_quota,
    )


@pytest.fixture(scope="session")
def mlebench_executor(request: pytest.FixtureRequest, mlebench_context):
    """The session's batch executor (Slurm), with every pending item submitted at once; None for inline runs."""
    from pytest_mlebench.data.prepare import default_downloader
    from pytest_mlebench.executor.slurm import SlurmExecutor
    from pytest_mlebench.item import prepare_with_retries, resume_hint, submit_pending

    config, ctx = request.config, mlebench_context
    settings = config.stash[SETTINGS]
    if settings.executor == "inline":
        yield None
        return
    executor = SlurmExecutor(ctx.runs_dir / ctx.run_group, settings.runtime, settings.slurm, retries=settings.retries,
                             allow_unsandboxed=settings.allow_unsandboxed, poll_s=settings.poll_s, grace_s=settings.grace_s)
    keys = [(item.callspec.params["competition_id"], item.callspec.params["seed"]) for item in request.session.items
            if "competition_id" in getattr(getattr(item, "callspec", None), "params", {})]
    download = default_downloader if settings.prepare else None
    submit_pending(ctx, executor, config.stash[REGISTRY], keys,
                   lambda competition: prepare_with_retries(competition, settings.data_dir, download, settings.retries))
    try:
        yield executor
    finally:
        if settings.cancel_on_exit and executor.outstanding():
            executor.cancel()
        hint = resume_hint(executor, ctx.run_group, config.invocation_params.args)
        executor.close()
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if hint and reporter is not None:
            reporter.write_line(hint)


@pytest.fixture(scope="session")
def mlebench_gpus(pytestconfig: pytest.Config) -> tuple[str, ...]:
    """The GPUs this xdist worker owns (all of them without xdist)."""
    from pytest_mlebench.gpus import detect_gpus, gpus_for_worker

    gpus = pytestconfig.stash[SETTINGS].gpus
    return gpus_for_worker(detect_gpus() if gpus is None else gpus, os.environ.get("PYTEST_XDIST_WORKER"))


@pytest.fixture
def competition(pytestconfig: pytest.Config, competition_id: str):
    return pytestconfig.stash[REGISTRY].get(competition_id)


@pytest.fixture
def prepared(pytestconfig: pytest.Config, competition):
    """The competition's prepared data, made once across seeds and xdist workers; skips when the user must act.

    Any other failure comes back as a `PreparationFailure`, which `agent_run` records as an infra failure.
    """
    from pytest_mlebench.data.prepare import default_downloader
    from pytest_mlebench.item import prepare_with_retries

    settings = pytestconfig.stash[SETTINGS]
    try:
        return prepare_with_retries(
            competition, settings.data_dir, default_downloader if settings.prepare else None, settings.retries
        )
    except PrerequisiteError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def agent_run(mlebench_context, competition, seed: int, prepared, mlebench_gpus, mlebench_executor, record_property):
    """The agent's run for this item: a finished record from an earlier session of the group, or a new run."""
    from pytest_mlebench.item import PreparationFailure, infra_record, launch_with_retries, resumed_record

    record_property("gpus", ",".join(mlebench_gpus))
    resumed = resumed_record(mlebench_context, competition, seed)
    if resumed is not None:
        return resumed
    if isinstance(prepared, PreparationFailure):
        return infra_record(mlebench_context, competition, seed, prepared, mlebench_gpus)
    if mlebench_executor is not None:
        from pytest_mlebench.item import wait_run

        return wait_run(mlebench_context, mlebench_executor, competition, seed)
    return launch_with_retries(mlebench_context, competition, seed, mlebench_gpus)


@pytest.fixture
def grade_run(request: pytest.FixtureRequest, mlebench_context, competition, seed: int, mlebench_gpus):
    """Turn an `agent_run` into its graded record (a resumed record is returned as it is), then call
    `pytest_mlebench_run_finished`."""
    from pytest_mlebench.item import grade_run as grade
    from pytest_mlebench.run_record import RunRecord

    def _grade(run) -> RunRecord:
        record = run if isinstance(run, RunRecord) else grade(mlebench_context, competition, seed, run, mlebench_gpus)
        request.config.hook.pytest_mlebench_run_finished(record=record.to_json(), item=request.node)
        return record

    return _grade


@pytest.fixture
def fail_on(pytestconfig: pytest.Config) -> str:
    return pytestconfig.stash[SETTINGS].fail_on
