"""The `aide` agent end to end, offline: real pytest sessions run the pinned aideml against a stand-in LLM.

The stand-in (tests/agents/llm_server.py) answers code requests from a script and reviews from the printed
`METRIC=`; scores are checked against scikit-learn's roc_auc_score on predictions computed here.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from pytest_mlebench.errors import PrerequisiteError
from tests.agents.llm_server import Reply, ScriptedLLM

REPO = Path(__file__).resolve().parents[2]
COMPETITION = "practice-breast-cancer"
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")

BUGGY = '''
import pandas as pd
train = pd.read_csv("./input/train.csv")
y = train["diagnosis"]  # there is no such column: KeyError
'''
LOGISTIC = '''
# solution: logistic
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
train = pd.read_csv("./input/train.csv")
test = pd.read_csv("./input/test.csv")
features = [c for c in train.columns if c not in ("id", "target")]
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
auc = cross_val_score(model, train[features], train["target"], cv=5, scoring="roc_auc").mean()
print(f"METRIC={auc:.6f}")
model.fit(train[features], train["target"])
pred = model.predict_proba(test[features])[:, 1]
pd.DataFrame({"id": test["id"], "target": pred}).to_csv("./working/submission.csv", index=False)
'''
ONE_FEATURE = '''
# solution: one feature {feature}, {direction}
import pandas as pd
from sklearn.metrics import roc_auc_score
train = pd.read_csv("./input/train.csv")
test = pd.read_csv("./input/test.csv")
lo, hi = train["{feature}"].min(), train["{feature}"].max()
def score(frame):
    value = ((frame["{feature}"] - lo) / (hi - lo)).clip(0, 1)
    return 1 - value if "{direction}" == "inverted" else value
print(f"METRIC={{roc_auc_score(train['target'], score(train)):.6f}}")
pd.DataFrame({{"id": test["id"], "target": score(test)}}).to_csv("./working/submission.csv", index=False)
'''
ORPHAN = '''
# solution: leaves a process behind
import subprocess, sys
import pandas as pd
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(900)"], start_new_session=True)
test = pd.read_csv("./input/test.csv")
pd.DataFrame({"id": test["id"], "target": 0.5}).to_csv("./working/submission.csv", index=False)
print("METRIC=0.999999")
'''
REVIEW_SCHEMA = {
    "type": "object",
    "properties": {
        "is_bug": {"type": "boolean"}, "summary": {"type": "string"}, "metric": {"type": "number"},
        "lower_is_better": {"type": "boolean"},
    },
    "required": ["is_bug", "summary", "metric", "lower_is_better"],
}


def one_feature(feature: str, direction: str = "plain") -> str:
    return ONE_FEATURE.format(feature=feature, direction=direction)


@pytest.fixture(scope="module")
def aide_env():
    from pytest_mlebench.aide import aide_venv

    try:
        return aide_venv()
    except PrerequisiteError as exc:
        pytest.skip(f"aideml cannot be installed here: {exc}")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from pytest_mlebench.data.prepare import prepare_competition
    from pytest_mlebench.registry import Registry

    folder = tmp_path_factory.mktemp("data")
    prepare_competition(Registry().get(COMPETITION), folder, download=None)
    return folder


def logistic_test_auc(data_dir: Path) -> float:
    """What LOGISTIC's submission scores, computed here with scikit-learn, not with the harness's grader."""
    public, private = data_dir / COMPETITION / "prepared" / "public", data_dir / COMPETITION / "prepared" / "private"
    train, test = pd.read_csv(public / "train.csv"), pd.read_csv(public / "test.csv")
    features = [c for c in train.columns if c not in ("id", "target")]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(train[features], train["target"])
    answers = pd.read_csv(private / "test.csv").set_index("id").loc[test["id"], "target"]
    return round(float(roc_auc_score(answers, model.predict_proba(test[features])[:, 1])), 5)


@pytest.fixture
def session(pytester, monkeypatch, aide_env, data_dir):
    """Runs `pytest --agent=aide -m practice -k breast` against a stand-in LLM; returns (result, run, props, llm)."""
    key = f"sk-planted-{uuid.uuid4().hex}"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    # pytester gives the session its own $HOME: point it at the environment built once for this module.
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(aide_env.parents[1]))
    monkeypatch.delenv("MLEBENCH_MODEL", raising=False)

    def run(replies: list[Reply], *args: str, host: str = "127.0.0.1"):
        with ScriptedLLM(replies, key, host=host) as llm:
            monkeypatch.setenv("OPENAI_BASE_URL", llm.base_url)
            junit = pytester.path / "junit.xml"
            result = pytester.runpytest_subprocess(
                "--agent=aide", "-m", "practice", "-k", "breast", "--run-group=g", f"--data-dir={data_dir}",
                "--fail-on=never", f"--junitxml={junit}", "-p", "no:cacheprovider", *args,
            )
        props = {c.get("name"): {p.get("name"): p.get("value") for p in c.iter("property")}
                 for c in ET.parse(junit).getroot().iter("testcase")}
        run_dir = pytester.path / "runs" / "g" / COMPETITION / "seed0"
        assert not llm.errors, llm.errors
        assert all(call.authorized for call in llm.calls), "the planted key must reach the server"
        leaked = [p for p in [junit, *(pytester.path / "runs").rglob("*"), *(pytester.path / "reports").rglob("*")]
                  if p.is_file() and key.encode() in p.read_bytes()]
        assert not leaked, f"the API key was written to {leaked}"
        return result, run_dir, props.get(f"test_competition[{COMPETITION}-seed0]", {}), llm

    return run


def assert_protocol(llm: ScriptedLLM, steps: int, code: tuple[str, str], review: tuple[str, str]) -> None:
    """Two POSTs a step: code (one system message, no tools), then a review forced through `submit_review`."""
    assert len(llm.calls) == 2 * steps
    for call in llm.calls[0::2]:
        assert (call.kind, call.endpoint, call.model, call.roles, call.tools) == ("code", *code, ["system"], None)
    for call in llm.calls[1::2]:
        assert (call.kind, call.endpoint, call.model, call.roles) == ("review", *review, ["system"])
        [tool] = call.tools
        if review[0] == "chat":
            assert call.tool_choice == {"type": "function", "function": {"name": "submit_review"}}
            assert (tool["type"], tool["function"]["name"]) == ("function", "submit_review")
            schema = tool["function"]["parameters"]
        else:
            assert call.tool_choice == {"type": "function", "name": "submit_review"}
            assert (tool["type"], tool["name"]) == ("function", "submit_review")
            schema = tool["parameters"]
        assert schema["required"] == REVIEW_SCHEMA["required"]
        assert {k: {"type": v["type"]} for k, v in schema["properties"].items()} == REVIEW_SCHEMA["properties"]


def usage_of(run_dir: Path) -> dict:
    return json.loads((run_dir / "logs" / "usage.json").read_text())


@pytest.fixture(scope="module")
def aide_image():
    """The `aide` image (its wheels are downloaded once, then it builds offline) and the address containers reach."""
    import ipaddress

    from pytest_mlebench.errors import InfraError
    from pytest_mlebench.images import build_images
    from pytest_mlebench.runtime.docker import connect

    try:
        client = connect(timeout=3600)
        images = build_images(("aide",), client=client, log=lambda line: None)
    except (PrerequisiteError, InfraError) as error:
        pytest.skip(f"No Docker engine or aide image here, so aide is not tested in docker: {error}")
    config = client.networks.get("bridge").attrs["IPAM"]["Config"][0]
    return images["aide"], config.get("Gateway") or str(next(ipaddress.ip_network(config["Subnet"]).hosts()))


@pytest.mark.parametrize("runtime", [pytest.param("local", marks=needs_bwrap),
                                     pytest.param("docker", marks=pytest.mark.docker)])
def test_aide_session_debugs_a_failed_draft_and_grades_the_best_node(session, data_dir, request, runtime):
    # aideml drafts 5 solutions first; the first fails, and step 6 debugs it into the best solution.
    replies = [Reply("Read the labels.", BUGGY)] + [
        Reply(f"Rank by {f}.", one_feature(f)) for f in ("worst_radius", "worst_perimeter", "mean_concave_points",
                                                           "worst_area")
    ] + [Reply("Use the right target column with a scaled logistic regression.", LOGISTIC)]
    host = request.getfixturevalue("aide_image")[1] if runtime == "docker" else "127.0.0.1"
    result, run_dir, props, llm = session(replies, "--aide-steps=6", "--feedback-model=local-reviewer",
                                          "--time-limit=600", f"--runtime={runtime}", host=host)
    result.assert_outcomes(passed=1)
    assert props["runtime"] == runtime
    # OpenAI-style names (the default o1-preview) go to /responses, others to /chat/completions, both at the stand-in.
    assert_protocol(llm, 6, code=("responses", "o1-preview"), review=("chat", "local-reviewer"))
    assert [c.stage for c in llm.calls[0::2]] == ["draft"] * 5 + ["debug"]
    assert props["valid_submission"] == "True" and float(props["score"]) == logistic_test_auc(data_dir)
    index = json.loads((run_dir / "logs" / "submissions" / "index.json").read_text())
    assert index["snapshots"][-1]["stage"] == "debug" and index["snapshots"][-1]["step"] == 6
    assert "# solution: logistic" in (run_dir / "code" / "solution.py").read_text()
    assert (run_dir / "logs" / "aide" / "journal.json").is_file() and (run_dir / "logs" / "agent.log").is_file()
    usage = usage_of(run_dir)
    assert usage["calls_per_step"] == [2] * 6
    assert (usage["llm_calls"], usage["steps"]) == (12, 6)
    assert usage["prompt_tokens"] == sum(c.prompt_tokens for c in llm.calls)
    assert usage["completion_tokens"] == sum(c.completion_tokens for c in llm.calls)
    assert (props["llm_calls"], props["steps"], props["prompt_tokens"]) == ("12", "6", str(usage["prompt_tokens"]))
    timeline = json.loads((run_dir / "timeline.json").read_text())
    assert timeline["snapshots"][-1]["score"] == float(props["score"])
    summary = json.loads((run_dir.parents[3] / "reports" / "g" / "summary.json").read_text())
    assert summary["medal_rate_at_budgets"]["100%"]["mean"] == (100.0 if props["any_medal"] == "True" else 0.0)


@needs_bwrap
def test_graded_submission_is_the_best_nodes_not_the_last(session, data_dir):
    replies = [Reply("Scaled logistic regression.", LOGISTIC),
               Reply("Rank by radius, inverted.", one_feature("worst_radius", "inverted")),
               Reply("Read the labels.", BUGGY)]
    result, run_dir, props, llm = session(replies, "--aide-steps=3", "--model=local-coder",
                                          "--feedback-model=gpt-4o-2024-08-06", "--time-limit=600")
    result.assert_outcomes(passed=1)
    assert_protocol(llm, 3, code=("chat", "local-coder"), review=("responses", "gpt-4o-2024-08-06"))
    assert float(props["score"]) == logistic_test_auc(data_dir)
    snapshots = json.loads((run_dir / "logs" / "submissions" / "index.json").read_text())["snapshots"]
    assert [s["step"] for s in snapshots] == [1]
    assert "# solution: logistic" in (run_dir / "code" / "solution.py").read_text()


@needs_bwrap
def test_time_limit_stops_every_process_and_grades_the_last_saved_submission(session, data_dir):
    marker = f"local-coder-{uuid.uuid4().hex}"  # in the environment of every process of the run
    replies = [Reply("Scaled logistic regression.", LOGISTIC), Reply("Try something else.", ORPHAN, hang_review=True)]
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:  # proves the run did leave a detached process behind, so the check below can fail
        while not done.wait(0.3):
            seen.update(cmd for _, cmd in processes_with(marker))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result, run_dir, props, llm = session(replies, f"--model={marker}", "--time-limit=30")
    finally:
        done.set()
        watcher.join()
    result.assert_outcomes(passed=1)
    assert props["timed_out"] == "True"
    assert float(props["score"]) == logistic_test_auc(data_dir)
    assert len(llm.calls) == 3, "the second review never returned"
    assert any("time.sleep(900)" in cmd for cmd in seen) and any("aide_adapter.py" in cmd for cmd in seen)
    assert not processes_with(marker), "a process of the timed-out run survived"


def processes_with(text: str) -> list[tuple[int, str]]:
    """(pid, command line) of every process whose environment holds `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "environ").read_bytes():
                    found.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
            except OSError:
                continue
    return found


@needs_bwrap
def test_no_valid_node_is_no_submission_with_aides_last_error_in_the_logs(session):
    result, run_dir, props, llm = session([Reply("Read the labels.", BUGGY)], "--aide-steps=1", "--time-limit=300")
    result.assert_outcomes(passed=1)
    assert props["valid_submission"] == "False" and props["submission_exists"] == "False"
    assert "KeyError" in (run_dir / "logs" / "aide" / "last_error.txt").read_text()
    assert props["medal_at_budgets"] and "gold" not in props["medal_at_budgets"]


def test_a_missing_key_ends_the_session_in_one_sentence(pytester, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = pytester.runpytest_subprocess("--agent=aide", "-m", "practice", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*Agent aide needs $OPENAI_API_KEY; set it in the environment*"])


def test_model_options_reach_the_agent_and_pick_its_key(monkeypatch):
    from pytest_mlebench.agents import load_agent
    from pytest_mlebench.aide import AIDE_DEFAULT_FEEDBACK_MODEL, AIDE_DEFAULT_MODEL

    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    default = load_agent("aide")
    assert (default.env["MLEBENCH_MODEL"], default.env["MLEBENCH_FEEDBACK_MODEL"]) == ("o1-preview", "gpt-4o-2024-08-06")
    assert (AIDE_DEFAULT_MODEL, AIDE_DEFAULT_FEEDBACK_MODEL) == ("o1-preview", "gpt-4o-2024-08-06")
    assert default.secrets == ("OPENAI_API_KEY",) and default.network and default.mounts
    one = load_agent("aide", {"MLEBENCH_MODEL": "claude-3-5-sonnet-20240620"})
    assert one.env["MLEBENCH_FEEDBACK_MODEL"] == "claude-3-5-sonnet-20240620"
    assert one.secrets == ("ANTHROPIC_API_KEY",)
    two = load_agent("aide", {"MLEBENCH_MODEL": "my-local-model", "MLEBENCH_FEEDBACK_MODEL": "gpt-4o"})
    assert two.secrets == ("OPENROUTER_API_KEY", "OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    local = load_agent("aide", {"MLEBENCH_MODEL": "my-local-model"})
    assert local.secrets == ("OPENAI_API_KEY",) and local.env["OPENAI_BASE_URL"] == "http://127.0.0.1:9/v1"
    assert "OPENAI_API_KEY" not in local.env


def test_the_environment_holds_exactly_the_pinned_release(aide_env):
    import subprocess

    from pytest_mlebench.agent_venv import venv_python

    out = subprocess.run([str(venv_python(aide_env)), "-c",
                          "import importlib.metadata as m, aide; print(m.version('aideml'))"],
                         capture_output=True, text=True, check=True, env={**os.environ, "PYTHONNOUSERSITE": "1"})
    assert out.stdout.strip() == "0.2.2"
