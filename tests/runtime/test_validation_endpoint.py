"""MLE-bench's validation endpoint (sandbox_files/validation_server.py) relays to the harness's checker: run here
on the host against a real `CheckerServer`, as the container runs it, through validate_submission.sh."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pytest_mlebench.checker import CheckerServer

SANDBOX = Path(__file__).resolve().parents[2] / "pytest_mlebench" / "sandbox_files"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def endpoint(tmp_path):
    """The endpoint on a free port, relaying to a checker that accepts files starting with `id,`."""
    seen: list[str] = []

    def check(path: Path) -> str | None:
        seen.append(path.read_text())
        return None if path.read_text().startswith("id,") else "the header must start with id"

    port = _free_port()
    with CheckerServer(check, tmp_path / "c.sock"):
        env = {**os.environ, "MLEBENCH_CHECKER_SOCKET": str(tmp_path / "c.sock"), "MLEBENCH_VALIDATION_PORT": str(port)}
        server = subprocess.Popen([sys.executable, str(SANDBOX / "validation_server.py")], env=env,
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                if subprocess.run([sys.executable, str(SANDBOX / "validation_server.py"), "--health"], env=env).returncode == 0:
                    break
                time.sleep(0.05)
            yield f"http://localhost:{port}", env, seen
        finally:
            server.kill()
            server.wait()


def _post(env: dict[str, str], url: str, path: Path) -> dict:
    # validate_submission.sh uses curl where installed; the python fallback is what the offline image has.
    done = subprocess.run([sys.executable, str(SANDBOX / "validation_server.py"), "--post", str(path), f"{url}/validate"],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_health_answers_running(endpoint):
    url, _, _ = endpoint
    with urllib.request.urlopen(f"{url}/health") as response:
        assert json.loads(response.read()) == {"status": "running"}


def test_validate_relays_the_file_and_answers_valid_or_the_reason_never_a_score(endpoint, tmp_path):
    url, env, seen = endpoint
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("id,label\n1,0.5\n")
    bad.write_text("label\n0.5\n")
    assert _post(env, url, good) == {"result": "Submission is valid."}
    assert _post(env, url, bad) == {"result": "Submission invalid! the header must start with id"}
    assert seen == ["id,label\n1,0.5\n", "label\n0.5\n"]  # the bytes reached the checker unchanged


def test_a_request_without_the_file_field_is_refused(endpoint):
    url, _, _ = endpoint
    request = urllib.request.Request(f"{url}/validate", data=b"--b\r\nContent-Disposition: form-data; name=\"x\""
                                     b"\r\n\r\n1\r\n--b--\r\n", headers={"Content-Type": "multipart/form-data; boundary=b"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request)
    assert raised.value.code == 400 and json.loads(raised.value.read())["error"] == "No file provided."


def test_validate_submission_sh_prints_the_endpoints_answer(endpoint, tmp_path):
    url, env, _ = endpoint
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed here; the python fallback is tested above")
    script = (SANDBOX / "validate_submission.sh").read_text().replace("http://localhost:5000", url)
    (tmp_path / "v.sh").write_text(script)
    good = tmp_path / "s.csv"
    good.write_text("id,x\n")
    done = subprocess.run(["bash", str(tmp_path / "v.sh"), str(good)], capture_output=True, text=True, env=env)
    assert json.loads(done.stdout) == {"result": "Submission is valid."}
    missing = subprocess.run(["bash", str(tmp_path / "v.sh"), str(tmp_path / "none.csv")], capture_output=True, text=True)
    assert missing.returncode == 1 and "does not exist" in missing.stdout


def test_the_checker_unreachable_is_a_500_with_details(tmp_path):
    port = _free_port()
    env = {**os.environ, "MLEBENCH_CHECKER_SOCKET": str(tmp_path / "none.sock"), "MLEBENCH_VALIDATION_PORT": str(port)}
    server = subprocess.Popen([sys.executable, str(SANDBOX / "validation_server.py")], env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if subprocess.run([sys.executable, str(SANDBOX / "validation_server.py"), "--health"], env=env).returncode == 0:
                break
            time.sleep(0.05)
        (tmp_path / "s.csv").write_text("id\n")
        answer = _post(env, f"http://localhost:{port}", tmp_path / "s.csv")
        assert answer["error"] == "An unexpected error occurred." and answer["details"]
    finally:
        server.kill()
        server.wait()
