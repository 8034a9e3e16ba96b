"""Issue 19, part 4: grading reads only what the agent honestly wrote; names and sizes are checked at the door.

Each attack of the security review, replayed: a symlinked submission or snapshot, hostile usage/index files, a
path-like run group, floods of the check socket, a wide CSV, an unreadable agent YAML; and a hostile agent in a
real pytest session on a practice competition.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pytest_mlebench.agent_files import read_agent_file
from pytest_mlebench.agents import load_agent
from pytest_mlebench.checker import BUSY, CheckerServer
from pytest_mlebench.cli import main as cli_main
from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import ConfigError, InvalidSubmissionError
from pytest_mlebench.manifest import read_usage, run_manifest
from pytest_mlebench.runs import RunFolder, group_name_problem
from pytest_mlebench.scoring import grade as grade_module
from pytest_mlebench.scoring.grade import answers_path, grade_submission, score_submission, submission_limits
from pytest_mlebench.scoring.leaderboard import load_scores
from pytest_mlebench.timeline import grade_timeline

REPO = Path(__file__).resolve().parents[2]
CID = "practice-diabetes"
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("door-data")


@pytest.fixture(scope="module")
def competition(registry, data_dir):
    comp = registry.get(CID)
    prepare_competition(comp, data_dir, download=None)
    return comp


@pytest.fixture
def run_dir(tmp_path) -> Path:
    folder = RunFolder(tmp_path / "runs" / "g" / CID / "seed0")
    folder.create()
    return folder.path


def test_an_honest_copy_of_the_answers_is_gold(competition, data_dir, run_dir):
    """The control for the attacks below: the answers' bytes, honestly written, do score gold."""
    shutil.copyfile(answers_path(competition, data_dir), run_dir / "submission" / "submission.csv")
    report = grade_submission(competition, run_dir / "submission" / "submission.csv", data_dir, run_dir=run_dir)
    assert report.valid_submission and report.gold_medal


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_submission_linked_to_the_answers_is_invalid(competition, data_dir, run_dir, where):
    answers = answers_path(competition, data_dir)
    if where == "file":
        (run_dir / "submission" / "submission.csv").symlink_to(answers)
    else:  # the folder on the way is the link
        shutil.rmtree(run_dir / "submission")
        (run_dir / "submission").symlink_to(answers.parent)
    path = run_dir / "submission" / ("submission.csv" if where == "file" else answers.name)
    report = grade_submission(competition, path, data_dir, run_dir=run_dir)
    assert report.score is None and not report.valid_submission and not report.any_medal
    assert "symbolic link" in report.invalid_reason
    assert report.submission_exists  # it was there; it was not graded


def test_a_fifo_or_a_folder_is_refused_without_hanging(competition, data_dir, run_dir):
    submission = run_dir / "submission" / "submission.csv"
    os.mkfifo(submission)  # nothing ever writes: a blocking open would hang the harness
    report = grade_submission(competition, submission, data_dir, run_dir=run_dir)
    assert report.score is None and "is a fifo; only regular files are graded" in report.invalid_reason
    submission.unlink()
    submission.mkdir()
    assert "is a folder" in grade_submission(competition, submission, data_dir, run_dir=run_dir).invalid_reason


def test_a_user_file_may_sit_behind_linked_folders_but_may_not_be_a_link(competition, data_dir, tmp_path):
    """`mlebench grade`/`grade-sample`: the user's own path; its folders may be links, the file itself not."""
    real = tmp_path / "real"
    real.mkdir()
    shutil.copyfile(answers_path(competition, data_dir), real / "mine.csv")
    (tmp_path / "alias").symlink_to(real)
    assert grade_submission(competition, tmp_path / "alias" / "mine.csv", data_dir).valid_submission
    (tmp_path / "link.csv").symlink_to(real / "mine.csv")
    report = grade_submission(competition, tmp_path / "link.csv", data_dir)
    assert not report.valid_submission and "link.csv is a symbolic link" in report.invalid_reason


def test_a_file_swapped_for_a_link_after_its_check_is_read_as_checked(tmp_path, monkeypatch):
    """The bytes come through the descriptor that passed the check, not from a second open by name."""
    from pytest_mlebench import agent_files

    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "f.csv").write_text("honest\n")
    (tmp_path / "secret").write_text("answers\n")
    checked = agent_files._open_regular

    def check_then_swap(*args, **kwargs):
        fd = checked(*args, **kwargs)
        (tmp_path / "logs" / "f.csv").unlink()  # the agent wins the race right after the check
        (tmp_path / "logs" / "f.csv").symlink_to(tmp_path / "secret")
        return fd

    monkeypatch.setattr(agent_files, "_open_regular", check_then_swap)
    assert read_agent_file(tmp_path, "logs/f.csv", 100) == b"honest\n"
    monkeypatch.undo()
    with pytest.raises(InvalidSubmissionError, match="symbolic link"):
        read_agent_file(tmp_path, "logs/f.csv", 100)


def test_a_snapshot_linked_to_the_answers_is_graded_invalid(competition, data_dir, run_dir):
    answers = answers_path(competition, data_dir)
    snapshots = run_dir / "logs" / "submissions"
    snapshots.mkdir()
    (snapshots / "60.csv").symlink_to(answers)
    (snapshots / "index.json").write_text(json.dumps([{"file": "60.csv", "elapsed_seconds": 60}]))
    timeline = grade_timeline(competition, run_dir, data_dir, 3600.0, load_scores(competition))
    [snapshot] = timeline["snapshots"]
    assert snapshot["score"] is None and "symbolic link" in snapshot["invalid_reason"]
    assert set(timeline["medal_at_budgets"].values()) == {"none"}


def test_a_linked_snapshot_folder_is_graded_invalid(competition, data_dir, run_dir):
    answers = answers_path(competition, data_dir)
    elsewhere = run_dir.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.copyfile(answers, elsewhere / "60.csv")  # a real file, but reached through a linked folder
    (run_dir / "logs" / "submissions").symlink_to(elsewhere)
    timeline = grade_timeline(competition, run_dir, data_dir, 3600.0, load_scores(competition))
    [snapshot] = timeline["snapshots"]
    assert snapshot["score"] is None and "logs/submissions" in snapshot["invalid_reason"]


HOSTILE_USAGE = {
    "non-numeric": json.dumps({"prompt_tokens": "lots", "completion_tokens": [1], "model": "m", "steps": 3}),
    "not JSON": "{prompt_tokens: 1",
    "not UTF-8": b"\xff\xfe{}",
    "nested": "[" * 100_000 + "]" * 100_000,
    "huge": json.dumps({"model": "x" * (2 << 20)}),
    "a list": "[1, 2]",
}


@pytest.mark.parametrize("kind", [*HOSTILE_USAGE, "symlink", "fifo"])
def test_a_hostile_usage_file_is_recorded_not_raised(tmp_path, kind):
    logs = tmp_path / "logs"
    logs.mkdir()
    usage = logs / "usage.json"
    if kind == "symlink":
        (tmp_path / "secret.json").write_text('{"prompt_tokens": 5}')
        usage.symlink_to(tmp_path / "secret.json")
    elif kind == "fifo":
        os.mkfifo(usage)
    else:
        content = HOSTILE_USAGE[kind]
        usage.write_bytes(content if isinstance(content, bytes) else content.encode())
    found, error = read_usage(logs)
    assert error
    if kind == "non-numeric":
        assert found == {"model": "m", "steps": 3} and "prompt_tokens" in error
    else:
        assert found is None
    manifest = run_manifest(competition=type("C", (), {"id": "c", "version": 1, "known_issues": ()})(),
                            agent=load_agent("dummy"), runtime_name="local", sandboxed=True, time_limit=1.0,
                            time_used=0.0, gpus=(), data_dir=tmp_path, logs_dir=logs)
    assert manifest["usage"] == found


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden", "..", "a..b", "x\x00y", "tab\tname", "é", "a" * 101, ""])
def test_a_run_group_must_be_a_plain_name(name):
    assert group_name_problem(name)


def test_a_plain_run_group_is_fine_and_cannot_lead_out_through_a_link(tmp_path):
    assert group_name_problem("baseline-20261129T101500") is None and group_name_problem("lite_v1.2") is None
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "g").symlink_to(tmp_path)
    with pytest.raises(ValueError, match="outside"):
        RunFolder.of(runs, "g", CID, 0)


def test_a_path_like_run_group_is_a_usage_error_and_writes_nothing(pytester, tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    runs, reports = pytester.path / "inner" / "runs", pytester.path / "inner" / "reports"
    result = pytester.runpytest_subprocess("--agent=dummy", "--run-group=../x", f"--runs-dir={runs}",
                                           f"--reports-dir={reports}", "-k", CID, "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--run-group '../x' must be a plain folder name" in result.stderr.str()
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert not (pytester.path / "inner").exists()


# --- the check socket ---------------------------------------------------------------------------


@pytest.fixture
def sock():
    path = Path(tempfile.mkdtemp(prefix="mlebench-door-")) / "check.sock"
    yield path
    shutil.rmtree(path.parent, ignore_errors=True)


def upload(socket_path: Path, size: int, sent: list[int] | None = None) -> dict:
    """Send `size` bytes of a would-be CSV without holding them; record how many the server took."""
    block = b"1,2\n" * (1 << 18)  # 1 MiB
    done = 0
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(60)
        conn.connect(str(socket_path))
        conn.sendall(b'{"name": "submission.csv"}\n')
        try:
            while done < size:
                part = block[: min(len(block), size - done)]
                conn.sendall(part)
                done += len(part)
            conn.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if sent is not None:
            sent.append(done)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    return json.loads(reply)


def test_parallel_uploads_use_no_tmp_and_at_most_one_cap_of_disk(sock, tmp_path, monkeypatch):
    host_tmp = tmp_path / "host-tmp"
    host_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(host_tmp))  # anything put in "/tmp" lands here
    cap = 256 << 10
    uploads = tmp_path / "run" / ".checks"
    peak, in_tmp = [0], [0]
    stop = threading.Event()

    def size(folder: Path) -> int:
        try:
            return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        except OSError:  # a file went away while it was summed
            return 0

    def watch() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], size(uploads))
            in_tmp[0] = max(in_tmp[0], len(list(host_tmp.iterdir())))

    watcher = threading.Thread(target=watch, daemon=True)
    answers: list[dict] = []
    with CheckerServer(lambda path: None, sock, max_bytes=cap, upload_dir=uploads):
        watcher.start()
        threads = [threading.Thread(target=lambda: answers.append(upload(sock, cap + 1))) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        stop.set()
        watcher.join(5)
    assert len(answers) == 8 and not any(a["valid"] for a in answers)
    assert {a["reason"] for a in answers} <= {BUSY, f"Submission is over the checker's {cap}-byte limit."}
    assert in_tmp[0] == 0 and list(host_tmp.iterdir()) == []
    assert peak[0] <= cap


def test_a_400_mb_upload_is_refused_without_being_read(sock, tmp_path):
    cap = 1 << 20
    sent: list[int] = []
    with CheckerServer(lambda path: None, sock, max_bytes=cap, upload_dir=tmp_path / ".checks"):
        answer = upload(sock, 400 << 20, sent)
    assert answer == {"valid": False, "reason": f"Submission is over the checker's {cap}-byte limit."}
    assert sent[0] < 64 << 20  # the server stopped reading just past the cap; the rest was never sent


def test_the_harness_check_serves_the_answers_derived_cap(competition, data_dir):
    limits = submission_limits(competition, data_dir)
    assert limits.max_bytes < 400 << 20 and limits.max_columns < 1000


# --- size and width before parsing --------------------------------------------------------------


@pytest.fixture
def no_pandas_for_submissions(monkeypatch):
    """pandas may read the answers (a path), never a submission (an open file): the header check must refuse first."""
    real = grade_module.read_csv

    def guarded(source, **kwargs):
        if not isinstance(source, (str, Path)):
            raise AssertionError("pandas was asked to parse the submission")
        return real(source, **kwargs)

    monkeypatch.setattr(grade_module, "read_csv", guarded)


def test_a_wide_header_is_refused_before_parsing(competition, data_dir, tmp_path, no_pandas_for_submissions):
    answers = pd.read_csv(answers_path(competition, data_dir))
    limits = submission_limits(competition, data_dir)
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(limits.max_columns + 1)) + "\n" + "1," * limits.max_columns + "1\n")
    with pytest.raises(InvalidSubmissionError, match=rf"has {limits.max_columns + 1} columns"):
        score_submission(competition, wide, answers, limits=limits)
    endless = tmp_path / "endless.csv"
    endless.write_bytes(b"a," * (limits.header_bytes // 2 + 10))
    with pytest.raises(InvalidSubmissionError, match="header line is over"):
        score_submission(competition, endless, answers, limits=limits)


def test_grade_sample_refuses_a_million_columns(competition, data_dir, tmp_path, capsys, no_pandas_for_submissions):
    wide = tmp_path / "million.csv"
    with open(wide, "wb") as handle:
        handle.write(b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n")
    assert wide.stat().st_size > 5 << 20
    assert cli_main(["grade-sample", str(wide), CID, "--data-dir", str(data_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid_submission"] is False and report["score"] is None
    assert "over the" in report["invalid_reason"]


# --- agent YAML ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "message"), [
    (b"name: x\ncommand: \xff\xfe\n", "is not UTF-8 text"),
    (b"- just\n- a list\n", "expected a mapping"),
    (b"name: [unclosed\n", "is not valid YAML at line"),
])
def test_agent_yaml_read_errors_are_one_sentence(tmp_path, content, message):
    path = tmp_path / "agent.yaml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=message) as caught:
        load_agent(str(path))
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_or_unreadable_agent_yaml_names_the_file(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="not found"):
        load_agent(str(tmp_path / "gone.yaml"))
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ConfigError, match="folder.yaml"):
        load_agent(str(tmp_path / "folder.yaml"))
    locked = tmp_path / "locked.yaml"
    locked.write_text("name: x\n")

    def denied(self, *args, **kwargs):  # root reads through chmod 000, so the refusal is staged
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", denied)
    with pytest.raises(ConfigError, match=r"locked.yaml cannot be read \(Permission denied\)"):
        load_agent(str(locked))


def test_a_non_utf8_agent_yaml_is_a_usage_error_in_a_session(pytester, tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    agent = pytester.path / "latin1.yaml"
    agent.write_bytes(b"name: caf\xe9\ncommand: [python3, agent.py]\n")
    result = pytester.runpytest_subprocess(f"--agent={agent}", "--co", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert f"Agent file {agent} is not UTF-8 text" in result.stderr.str()


# --- a hostile agent in a real session ----------------------------------------------------------

HOSTILE_AGENT = '''
import json, os, pathlib
answers = os.environ["GUESSED_ANSWERS"]  # what /proc/self/mountinfo and the data dir's layout give away
out = pathlib.Path(os.environ["MLEBENCH_SUBMISSION"]) / "submission.csv"
out.symlink_to(answers)
snapshots = pathlib.Path(os.environ["MLEBENCH_LOGS"]) / "submissions"
snapshots.mkdir()
(snapshots / "5.csv").symlink_to(answers)
(snapshots / "index.json").write_text(json.dumps([{"file": "5.csv", "elapsed_seconds": 5}]))
(pathlib.Path(os.environ["MLEBENCH_LOGS"]) / "usage.json").write_text('{"prompt_tokens": "many", "llm_calls": {}}')
'''


@needs_bwrap
def test_a_hostile_agent_in_a_session_is_graded_invalid_and_not_rerun(pytester, tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(data))
    guessed = data / CID / "prepared" / "private" / "test.csv"
    (pytester.path / "hostile.py").write_text(HOSTILE_AGENT)
    agent = pytester.path / "hostile.yaml"
    agent.write_text(yaml.safe_dump({"name": "hostile", "command": [sys.executable, "hostile.py"],
                                     "env": {"GUESSED_ANSWERS": str(guessed)}}))
    args = (f"--agent={agent}", "-k", CID, "--run-group=g", "--fail-on=never", "--time-limit=120",
            "-p", "no:cacheprovider")
    first = pytester.runpytest_subprocess(*args)
    assert first.ret == 0, first.stdout.str()
    assert guessed.is_file()  # the guess was right: following the link would have scored gold
    record_path = pytester.path / "runs" / "g" / CID / "seed0" / "report.json"
    record = json.loads(record_path.read_text())
    assert record["score"] is None and record["valid_submission"] is False and record["any_medal"] is False
    assert "symbolic link" in record["invalid_reason"]
    assert "prompt_tokens" in record["usage_error"] and "prompt_tokens" not in record
    assert set(record["medal_at_budgets"].values()) == {"none"}
    second = pytester.runpytest_subprocess(*args)
    assert second.ret == 0
    again = json.loads(record_path.read_text())
    assert again["created_at"] == record["created_at"]  # resumed, not a free re-roll
    assert not (pytester.path / "runs" / "g" / CID / "seed0.attempt1").exists()


def test_integrity_evidence_reads_code_through_the_door(tmp_path, monkeypatch):
    """The rules and plagiarism checks read `code/` through the same door: a file listed as regular and then
    swapped for a link to the answers is skipped, not read."""
    from pytest_mlebench.integrity import evidence

    run = RunFolder(tmp_path / "run")
    run.create()
    (tmp_path / "answers.csv").write_text("id,target\n1,2\n")
    (run.code / "solution.py").write_text("print('mine')\n")
    (run.code / "swapped.py").write_text("print('innocent')\n")
    listed = evidence._files

    def list_then_swap(folder):
        found = listed(folder)
        (run.code / "swapped.py").unlink()
        (run.code / "swapped.py").symlink_to(tmp_path / "answers.csv")
        return found

    monkeypatch.setattr(evidence, "_files", list_then_swap)
    assert [(s.name, s.text) for s in evidence.code_files(run)] == [("code/solution.py", "print('mine')\n")]
