"""`staging`: public data as hard links at a neutral path, its fallbacks, and outputs merged back."""

from __future__ import annotations

import errno
import json
import os

import pytest

from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime.staging import STAGE_DIR_ENV, collect, stage_run
from tests.runtime.conftest import run_spec


@pytest.fixture
def spec(spooky, tmp_path, monkeypatch):
    monkeypatch.setenv(STAGE_DIR_ENV, str(tmp_path / "stage"))
    _, _, layout = spooky
    return run_spec(layout, tmp_path / "run", AgentSpec(name="a", command=("true",)))


def test_public_files_are_hard_links_never_copies(spec, tmp_path):
    stage = stage_run(spec)
    try:
        staged = stage.spec.public_dir / "sample_submission.csv"
        assert os.path.samefile(staged, spec.public_dir / "sample_submission.csv")
        assert stage.data == "linked" and str(stage.spec.public_dir).startswith(str(tmp_path / "stage"))
    finally:
        collect(stage, spec)
    assert (spec.public_dir / "sample_submission.csv").is_file() and not any((tmp_path / "stage").iterdir())


def _failing_link(monkeypatch, failures: list[bool]):
    real = os.link

    def link(src, dst, *args, **kwargs):
        if failures and failures[0]:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr("pytest_mlebench.runtime.staging.os.link", link)


def test_across_filesystems_the_data_is_staged_beside_the_data_folder(spec, spooky, monkeypatch):
    _, data_dir, _ = spooky
    first = [True]
    real_token = __import__("pytest_mlebench.runtime.staging", fromlist=["token_folder"]).token_folder

    def token(root=None):  # the first link attempt (under the stage root) fails, the one beside the data works
        folder = real_token(root)
        if root is not None:
            first[0] = False
        return folder

    _failing_link(monkeypatch, first)
    monkeypatch.setattr("pytest_mlebench.runtime.staging.token_folder", token)
    stage = stage_run(spec)
    try:
        assert stage.data == "linked on the data's filesystem"
        assert stage.spec.public_dir.parent.parent == data_dir / ".stage"
        assert os.path.samefile(stage.spec.public_dir / "sample_submission.csv",
                                spec.public_dir / "sample_submission.csv")
    finally:
        collect(stage, spec)
    assert list((data_dir / ".stage").iterdir()) == []


def test_where_no_link_works_the_original_is_bound_and_the_fact_recorded(spec, monkeypatch):
    _failing_link(monkeypatch, [True])
    stage = stage_run(spec)
    try:
        assert stage.data == "original" and stage.spec.public_dir == spec.public_dir.resolve()
        record = json.loads((spec.logs_dir / "staging.json").read_text())
        assert record["data"] == "original" and "host path" in record["note"]
    finally:
        collect(stage, spec)
    assert (spec.public_dir / "sample_submission.csv").is_file()


def test_a_description_variant_is_the_staged_description(spec, tmp_path):
    variant = tmp_path / "concise.md"
    variant.write_text("concise")
    original = (spec.public_dir / "description.md").read_text()
    stage = stage_run(spec.__class__(**{**spec.__dict__, "description": variant}))
    try:
        assert (stage.spec.public_dir / "description.md").read_text() == "concise"
    finally:
        collect(stage, spec)
    assert (spec.public_dir / "description.md").read_text() == original


def test_stages_of_a_killed_process_are_reaped_and_live_ones_kept(spec, tmp_path):
    import subprocess
    import sys

    from pytest_mlebench.runtime.staging import stage_root, token_folder

    code = ("import os; from pytest_mlebench.runtime.staging import token_folder; "
            "print(token_folder()); os.kill(os.getpid(), 9)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
    orphan = stage_root() / done.stdout.strip()
    assert orphan.is_dir(), done.stderr
    live = token_folder()  # this process's own
    stage = stage_run(spec)  # reaps on its way in
    try:
        assert not orphan.exists() and live.is_dir()
    finally:
        collect(stage, spec)
