"""The submission-format checker: the server's answers, its limits, the client's exit codes, and both in a sandbox."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pytest_mlebench.checker import CheckerServer
from pytest_mlebench.runtime.bubblewrap import CLIENT_SCRIPT
from pytest_mlebench.runtime.local import LocalRuntime
from pytest_mlebench.scoring.grade import check_submission_format
from tests.runtime.conftest import agent_log, needs_bwrap, run_spec, script_agent


def client(socket_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MLEBENCH_CHECKER_SOCKET": str(socket_path)}
    return subprocess.run([sys.executable, str(CLIENT_SCRIPT), *args], env=env, capture_output=True, text=True)


def starts_with_id(path: Path) -> str | None:
    return None if path.read_text().startswith("id,") else "Submission must start with an id column."


@pytest.fixture
def sock():
    # Unix socket paths are limited to about 100 bytes, and pytest's tmp_path can be longer.
    path = Path(tempfile.mkdtemp(prefix="mlebench-test-")) / "check.sock"
    yield path
    shutil.rmtree(path.parent, ignore_errors=True)


def test_the_client_prints_valid_or_the_reason(sock, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("id,x\n1,2\n")
    bad.write_text("x,id\n2,1\n")
    with CheckerServer(starts_with_id, sock):
        ok, not_ok = client(sock, str(good)), client(sock, str(bad))
    assert (ok.returncode, ok.stdout) == (0, "valid\n")
    assert (not_ok.returncode, not_ok.stdout) == (1, "invalid: Submission must start with an id column.\n")
    assert not sock.exists()


def test_the_server_sees_the_uploaded_bytes_under_the_uploaded_extension(sock, tmp_path):
    seen = {}

    def record(path: Path) -> None:
        seen["name"], seen["bytes"] = path.name, path.read_bytes()

    upload = tmp_path / "preds.txt"
    upload.write_bytes(b"id,x\n\x00\xff binary is fine\n")
    with CheckerServer(record, sock):
        assert client(sock, str(upload)).returncode == 0
    assert seen == {"name": "submission.txt", "bytes": upload.read_bytes()}


def test_a_file_over_the_cap_is_refused_unchecked(sock, tmp_path):
    calls = []
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 5000)
    with CheckerServer(lambda path: calls.append(path), sock, max_bytes=1000):
        result = client(sock, str(big))
    assert result.returncode == 1
    assert "over the checker's 1000-byte limit" in result.stdout
    assert calls == []


def test_a_harness_side_failure_is_an_answer_and_is_kept(sock, tmp_path):
    def broken(path: Path) -> None:
        raise RuntimeError("answers missing")

    upload = tmp_path / "s.csv"
    upload.write_text("id\n")
    with CheckerServer(broken, sock) as server:
        result = client(sock, str(upload))
    assert result.returncode == 1
    assert "failed on the harness side (RuntimeError)" in result.stdout
    assert [str(e) for e in server.errors] == ["answers missing"]


def test_the_answer_holds_validity_and_reason_only(sock, tmp_path):
    upload = tmp_path / "s.csv"
    upload.write_text("id\n")
    with CheckerServer(lambda path: None, sock):
        with socket.socket(socket.AF_UNIX) as conn:
            conn.connect(str(sock))
            conn.sendall(b'{"name": "s.csv"}\nid\n')
            conn.shutdown(socket.SHUT_WR)
            answer = json.loads(conn.makefile().readline())
    assert answer == {"valid": True, "reason": None}


def test_a_missing_file_and_a_missing_checker(sock, tmp_path):
    missing = client(sock, str(tmp_path / "nope.csv"))
    assert (missing.returncode, missing.stdout) == (1, f"invalid: no file at {tmp_path / 'nope.csv'}\n")
    upload = tmp_path / "s.csv"
    upload.write_text("id\n")
    unreachable = client(sock, str(upload))
    assert unreachable.returncode == 2
    assert "not reachable" in unreachable.stdout


CHECKING_AGENT = """
    import shutil, subprocess
    def check(*args):
        done = subprocess.run(["python", "/home/validate_submission.py", *args], capture_output=True, text=True)
        print(f"check {args} -> {done.returncode} {done.stdout.strip()}", flush=True)
    check()
    shutil.copyfile("/home/data/sample_submission.csv", "/home/submission/submission.csv")
    check()
    lines = open("/home/data/sample_submission.csv").read().splitlines()
    open("/home/code/short.csv", "w").write("\\n".join(lines[:-1]) + "\\n")
    check("/home/code/short.csv")
"""


@needs_bwrap
def test_the_checker_answers_from_inside_the_sandbox(spooky, tmp_path, sock):
    competition, data_dir, layout = spooky
    socket_path = sock
    agent = script_agent(tmp_path, "checking", CHECKING_AGENT)
    spec = run_spec(layout, tmp_path / "run", agent, checker_socket=socket_path)
    with CheckerServer(lambda path: check_submission_format(competition, path, data_dir), socket_path):
        LocalRuntime().run(spec)
    lines = [line for line in agent_log(spec).splitlines() if line.startswith("check")]
    assert lines[0] == "check () -> 1 invalid: no file at /home/submission/submission.csv"
    assert lines[1] == "check () -> 0 valid"
    assert lines[2].startswith("check ('/home/code/short.csv',) -> 1 invalid: Submission must have")
    assert "score" not in agent_log(spec).lower()
