"""Infra failures are retried up to --retries; an agent's own failure never is. A fake runtime plants each case."""

from __future__ import annotations

import pytest

from pytest_mlebench.errors import InfraError, PreparationError, PrerequisiteError
from pytest_mlebench.item import ItemContext, launch_with_retries, prepare_with_retries, resumed_record
from pytest_mlebench.registry import Registry
from pytest_mlebench.results import RunResult
from pytest_mlebench.runs import RunFolder
from pytest_mlebench.runtime import AgentSpec
from tests.plugin.toy import write_toy


class FakeRuntime:
    """Plays a script of outcomes: 'infra' (result flag), 'raise' (InfraError), 'crash' (exit 3), 'ok'."""

    name = "fake"

    def __init__(self, script):
        self.script = list(script)
        self.calls = 0

    def check_available(self) -> None:
        pass

    def run(self, spec):
        outcome = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        if outcome == "raise":
            raise InfraError("container engine went away")
        return RunResult(exit_code=3 if outcome == "crash" else (None if outcome == "infra" else 0), timed_out=False,
                         wall_seconds=0.1, run_dir=str(spec.run_dir), submission_path="", logs_dir=str(spec.logs_dir),
                         code_dir=str(spec.code_dir), runtime=self.name,
                         error="sandbox could not start" if outcome == "infra" else None,
                         infra_failure=outcome == "infra")


@pytest.fixture
def toy(tmp_path):
    write_toy(tmp_path / "competitions", "toy-a", "practice", "tabular")
    return Registry(tmp_path / "competitions").get("toy-a")


def context(tmp_path, runtime, retries):
    return ItemContext(data_dir=tmp_path / "data", runs_dir=tmp_path / "runs", run_group="g",
                       agent=AgentSpec(name="fake"), runtime=runtime, time_limit=60, retries=retries)


@pytest.mark.parametrize(("script", "retries", "calls", "infra"), [
    (["infra", "ok"], 2, 2, False),
    (["raise", "infra", "ok"], 2, 3, False),
    (["infra"], 2, 3, True),
    (["raise"], 0, 1, True),
    (["crash"], 3, 1, False),  # the agent's crash is its outcome
])
def test_only_infra_failures_are_retried(tmp_path, toy, script, retries, calls, infra):
    runtime = FakeRuntime(script)
    result = launch_with_retries(context(tmp_path, runtime, retries), toy, 0, ())
    assert (runtime.calls, result.attempts, result.infra_failure) == (calls, calls, infra)
    kept = sorted(p.name for p in (tmp_path / "runs" / "g" / "toy-a").iterdir())
    assert kept == ["seed0"] + [f"seed0.attempt{i}" for i in range(1, calls)], "each failed attempt is kept aside"


def test_infra_failed_record_is_not_resumed(tmp_path, toy):
    ctx = context(tmp_path, FakeRuntime(["ok"]), 0)
    folder = RunFolder.of(ctx.runs_dir, "g", "toy-a", 0)
    folder.create()
    folder.save_record({"competition_id": "toy-a", "seed": 0, "infra_failure": True})
    assert resumed_record(ctx, toy, 0) is None
    folder.save_record({"competition_id": "toy-a", "seed": 0, "infra_failure": False})
    assert resumed_record(ctx, toy, 0).resumed is True


def test_preparation_io_failure_is_retried_then_reported(tmp_path, toy, monkeypatch):
    calls = []

    def failing_prepare(raw, public, private):
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(toy), "prepare_fn", property(lambda self: failing_prepare))
    outcome = prepare_with_retries(toy, tmp_path / "data", None, retries=2)
    assert len(calls) == 3 and outcome.attempts == 3 and "No space left" in outcome.error


def test_a_preparer_bug_is_an_error_naming_competition_and_step_never_retried(tmp_path, toy, monkeypatch):
    prepare_py = toy.folder / "prepare.py"
    prepare_py.write_text(prepare_py.read_text() + "\n\ndef broken(raw, public, private):\n    return {}['answers']\n")
    calls = []

    def buggy_prepare(raw, public, private):
        calls.append(1)
        from pytest_mlebench.registry import _load_module

        _load_module(prepare_py, "toy-a-broken").broken(raw, public, private)

    monkeypatch.setattr(type(toy), "prepare_fn", property(lambda self: buggy_prepare))
    with pytest.raises(PreparationError) as info:
        prepare_with_retries(toy, tmp_path / "data", None, retries=2)
    assert len(calls) == 1
    message = str(info.value)
    assert message.startswith("toy-a: the preparer failed in prepare(raw, public, private)")
    assert "at prepare.py line" in message and "in broken" in message and "KeyError: 'answers'" in message
    assert not (tmp_path / "data" / "toy-a" / "prepared").exists()


def test_a_missing_prerequisite_in_a_preparer_passes_through(tmp_path, toy, monkeypatch):
    def needs_credentials(raw, public, private):
        raise PrerequisiteError("Kaggle credentials are missing; put kaggle.json in ~/.kaggle.")

    monkeypatch.setattr(type(toy), "prepare_fn", property(lambda self: needs_credentials))
    with pytest.raises(PrerequisiteError):
        prepare_with_retries(toy, tmp_path / "data", None, retries=2)
