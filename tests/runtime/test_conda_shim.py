"""The `conda` shim of mlebench-env (sandbox_files/conda), run on the host over a venv folder: what agent
Dockerfiles and start scripts call works, and everything else fails with a message instead of doing nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHIM = Path(__file__).resolve().parents[2] / "pytest_mlebench" / "sandbox_files" / "conda"


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    """Run a bash snippet with the shim as `conda` on PATH and an `agent` venv under its envs folder."""
    root = tmp_path_factory.mktemp("conda")
    (root / "bin").mkdir()
    (root / "bin" / "conda").symlink_to(SHIM)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "envs" / "agent")], check=True)
    env = {**os.environ, "PATH": f"{root / 'bin'}:/usr/bin:/bin", "MLEBENCH_CONDA_ENVS": str(root / "envs")}
    env.pop("VIRTUAL_ENV", None)
    env.pop("CONDA_PREFIX", None)

    def run(script: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)

    run.envs = root / "envs"
    return run


def test_hook_then_activate_puts_the_env_first_and_deactivate_removes_it(shell):
    done = shell('eval "$(conda shell.bash hook)" && conda activate agent && command -v python && echo $CONDA_DEFAULT_ENV'
                 ' && conda deactivate && echo "after:$CONDA_PREFIX:$PATH"')
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    assert lines[0] == str(shell.envs / "agent" / "bin" / "python") and lines[1] == "agent"
    assert lines[2].startswith("after::") and str(shell.envs) not in lines[2]


def test_run_executes_inside_the_named_env(shell):
    done = shell('conda run -n agent --no-capture-output python -c "import sys; print(sys.prefix)"')
    assert done.returncode == 0 and done.stdout.strip() == str(shell.envs / "agent")


@pytest.mark.parametrize(("script", "message"), [
    ("conda install numpy", "conda install numpy: not supported by pytest-mlebench's conda shim"),
    ("conda create -n x python=3.10", "conda create -n x python=3.10: not supported"),
    ("conda activate agent", "run `eval \"$(conda shell.bash hook)\"` first"),
    ("conda run -n missing python", "conda: no environment 'missing' (environments: agent"),
    ('eval "$(conda shell.bash hook)" && conda activate nope', "conda: no environment 'nope'"),
    ("conda run python", "conda run: give the environment with -n NAME."),
])
def test_what_the_shim_cannot_do_fails_with_a_message(shell, script, message):
    done = shell(script)
    assert done.returncode != 0 and message in done.stderr


def test_clean_and_env_list_answer(shell):
    assert shell("conda clean -afy").returncode == 0
    assert shell("conda env list").stdout.split()[0] == "agent"
