"""The built-in `aide` agent: drives the pinned aideml release (0.2.2, from PyPI) step by step in the sandbox.

Run with the Python of AIDE's cached environment (local runtime) or of the `aide` image (docker). It gives AIDE
a fresh working folder, the instructions plus the competition's description as its task and the metric as its
goal, and after every step where the best node improves it publishes that node's submission and code to the
graded folders and keeps a timed snapshot under `logs/submissions/`. Standard library and aideml only.

Why an adapter rather than AIDE's CLI: the PyPI release rejects MLE-bench's extra config keys (no time limit),
keeps only the best node's code (not its submission), numbers experiment folders in a way that breaks when two
runs share a folder, and sends OpenAI-style model names to a hard-coded OpenAI URL.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

START = time.monotonic()
MAIN_PID = os.getpid()
DATA = Path(os.environ.get("MLEBENCH_DATA", "/home/data"))
SUBMISSION = Path(os.environ.get("MLEBENCH_SUBMISSION", "/home/submission")) / "submission.csv"
CODE = Path(os.environ.get("MLEBENCH_CODE", "/home/code"))
LOGS = Path(os.environ.get("MLEBENCH_LOGS", "/home/logs"))
AIDE_LOGS = LOGS / "aide"
SNAPSHOTS = LOGS / "submissions"
USAGE = LOGS / "usage.json"

TIME_LIMIT = float(os.environ.get("TIME_LIMIT_SECS") or 24 * 3600)
STEPS = int(os.environ.get("MLEBENCH_AIDE_STEPS") or 500)  # MLE-bench's step_count
# MLE-bench's per-step limit (9 hours, Kaggle's longest kernel run); the time left caps it.
STEP_LIMIT = float(os.environ.get("MLEBENCH_AIDE_STEP_TIMEOUT") or 32400)
# Kept back from the last step's execution for its review call and the bookkeeping after it.
RESERVE = min(60.0, 0.05 * TIME_LIMIT)
MIN_STEP_S = 5.0
MAX_FAILED_STEPS = 3
OPENAI_NAME = re.compile(r"^(gpt-.*|o\d+(-.*)?|codex-mini-latest)$")  # AIDE's own test for "an OpenAI model"


def say(message):
    print(f"aide-adapter [{time.monotonic() - START:8.1f}s]: {message}", flush=True)


def _on_sigterm(signum, frame):
    # The runtime's stop at the time limit: unwind so the logs are copied; a forked execution child just exits.
    if os.getpid() != MAIN_PID:
        os._exit(128 + signum)
    raise SystemExit(128 + signum)


def write_atomic(path, data):
    """Write bytes beside `path` and rename, so the harness never grades half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def write_json(path, value):
    write_atomic(path, (json.dumps(value, indent=2) + "\n").encode())


def required_key(model):
    """The variable AIDE's backend for `model` reads its key from (AIDE's own provider rules)."""
    if OPENAI_NAME.match(model) or (not model.startswith(("claude-", "gemini-")) and os.environ.get("OPENAI_BASE_URL")):
        return "OPENAI_API_KEY"
    if model.startswith("claude-"):
        return "ANTHROPIC_API_KEY"
    if model.startswith("gemini-"):
        return "GEMINI_API_KEY"
    return "OPENROUTER_API_KEY"


def hardware():
    if not os.environ.get("CUDA_VISIBLE_DEVICES"):
        return "a CPU"
    try:
        names = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                               text=True, timeout=30, check=True).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "a CPU"
    counts = {}
    for name in (n.strip() for n in names if n.strip()):
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{count} {name}" for name, count in counts.items()) or "a CPU"


def task_text(steps):
    """MLE-bench's AIDE task: the instructions with `/home/` stripped (AIDE works on its own copies, in its own
    folder), notes on hardware, time and steps, the competition's description, then the goal."""
    instructions = next((p for p in (DATA.parent / "instructions.txt", Path("/home/instructions.txt")) if p.is_file()), None)
    parts = [instructions.read_text().replace("/home/", "") if instructions else ""]
    limit = int(TIME_LIMIT)
    parts.append(
        "ADDITIONAL NOTES\n------\n\n"
        f"- Compute: you have {hardware()}.\n"
        f"- Total runtime: at most {limit // 3600}hrs {limit % 3600 // 60}mins {limit % 60}secs for the whole task, "
        "program runs included.\n"
        f"- Total steps: at most {steps} steps.\n"
        "- Use the time to improve on your first working solution: the best solution found is the one graded.\n"
    )
    parts.append("COMPETITION INSTRUCTIONS\n------\n\n" + (DATA / "description.md").read_text())
    metric = os.environ.get("MLEBENCH_METRIC")
    if metric:
        parts.append(f"GOAL\n------\n\nThe best score on the test set under the competition's metric, {metric}.\n")
    return "\n".join(parts)


class Usage:
    """LLM calls and tokens, counted around AIDE's provider functions (its `query` drops the counts)."""

    def __init__(self, code_model, feedback_model):
        self.data = {"model": code_model, "feedback_model": feedback_model, "prompt_tokens": 0,
                     "completion_tokens": 0, "llm_calls": 0, "steps": 0, "calls_per_step": []}
        self.step_calls = 0

    def wrap(self, query):
        def counted(*args, **kwargs):
            result = query(*args, **kwargs)
            _, _, prompt_tokens, completion_tokens, _ = result
            self.data["prompt_tokens"] += int(prompt_tokens or 0)
            self.data["completion_tokens"] += int(completion_tokens or 0)
            self.data["llm_calls"] += 1
            self.step_calls += 1
            self.save()
            return result

        return counted

    def end_step(self):
        self.data["steps"] += 1
        self.data["calls_per_step"].append(self.step_calls)
        self.step_calls = 0
        self.save()

    def save(self):
        write_json(USAGE, self.data)


class Publisher:
    """Keeps each node's submission and publishes the best one whenever it changes."""

    def __init__(self, workspace):
        self.outputs = (workspace / "working" / "submission.csv", workspace / "submission" / "submission.csv")
        self.kept = workspace.parent / "node_submissions"
        self.kept.mkdir(parents=True, exist_ok=True)
        self.pending = None
        self.by_node = {}
        self.best_id = None
        self.snapshots = []

    def before_execution(self):
        for path in self.outputs:  # a file left by an earlier node must not pass for this node's
            path.unlink(missing_ok=True)
        self.pending = None

    def after_execution(self):
        written = [p for p in self.outputs if p.is_file()]
        if written:
            self.pending = self.kept / "pending.csv"
            shutil.copyfile(max(written, key=lambda p: p.stat().st_mtime), self.pending)

    def adopt(self, node):
        if self.pending is not None:
            self.by_node[node.id] = self.pending.rename(self.kept / f"{node.id}.csv")
            self.pending = None

    def best(self, journal):
        candidates = [n for n in journal.good_nodes if n.id in self.by_node]
        return max(candidates, key=lambda n: n.metric) if candidates else None

    def publish_if_improved(self, journal, step):
        best = self.best(journal)
        if best is None or best.id == self.best_id:
            return None
        elapsed = round(time.monotonic() - START, 1)
        data = self.by_node[best.id].read_bytes()
        write_atomic(SUBMISSION, data)
        write_atomic(CODE / "solution.py", best.code.encode())
        write_atomic(CODE / "plan.md", (best.plan or "").encode())
        name = f"{elapsed:.1f}.csv"
        write_atomic(SNAPSHOTS / name, data)
        self.snapshots.append({"file": name, "elapsed_seconds": elapsed, "step": step, "node_id": best.id,
                               "stage": best.stage_name, "metric": best.metric.value,
                               "lower_is_better": best.metric.maximize is False})
        write_json(SNAPSHOTS / "index.json", {"agent": "aide", "snapshots": self.snapshots})
        self.best_id = best.id
        return best


def copy_logs(log_dir):
    """AIDE's journal, config, tree plot and best code, copied whole so a stop mid-write cannot truncate them."""
    if not log_dir.is_dir():
        return
    for entry in log_dir.iterdir():
        if entry.is_file():
            write_atomic(AIDE_LOGS / entry.name, entry.read_bytes())


def setup_logging():
    import logging

    AIDE_LOGS.mkdir(parents=True, exist_ok=True)
    for handler in logging.getLogger().handlers:  # AIDE's console handler stays at warnings: prompts go to the file
        handler.setLevel(logging.WARNING)
    handler = logging.FileHandler(AIDE_LOGS / "aide.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("aide")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def point_openai_names_at_base_url():
    """AIDE sends OpenAI-style names to a hard-coded api.openai.com; a configured base URL must win, as it does
    for the openai client itself."""
    base_url = os.environ.get("OPENAI_BASE_URL")
    if base_url:
        from aide.backend import backend_openai

        backend_openai.OPENAI_BASE_URL = base_url


def describe(node):
    if node.is_buggy:
        return f"{node.stage_name} node {node.id[:8]}: buggy ({node.exc_type or 'reviewed as a bug'})"
    return f"{node.stage_name} node {node.id[:8]}: metric {node.metric.value}"


def last_error(journal):
    if not journal.nodes:
        return "no step finished"
    node = journal.nodes[-1]
    tail = node.term_out[-2000:] if node.exec_time is not None else ""
    return f"{describe(node)}; review: {node.analysis}\n--- execution output (tail) ---\n{tail}"


def main():
    signal.signal(signal.SIGTERM, _on_sigterm)
    code_model = os.environ.get("MLEBENCH_MODEL")
    feedback_model = os.environ.get("MLEBENCH_FEEDBACK_MODEL") or code_model
    if not code_model:
        say("MLEBENCH_MODEL is not set; the harness sets it from --model.")
        return 2
    for model in dict.fromkeys((code_model, feedback_model)):
        key = required_key(model)
        if not os.environ.get(key):
            say(f"Model {model} needs ${key}, which is not set in the agent's environment.")
            return 2
    for folder in (SUBMISSION.parent, CODE, AIDE_LOGS, SNAPSHOTS):
        folder.mkdir(parents=True, exist_ok=True)

    import aide.backend
    from aide.agent import Agent
    from aide.interpreter import Interpreter
    from aide.journal import Journal
    from aide.utils.config import _load_cfg, load_task_desc, prep_agent_workspace, prep_cfg, save_run
    from omegaconf import OmegaConf

    setup_logging()
    point_openai_names_at_base_url()
    usage = Usage(code_model, feedback_model)
    for provider, query in list(aide.backend.provider_to_query_func.items()):
        aide.backend.provider_to_query_func[provider] = usage.wrap(query)
    usage.save()

    # A fresh folder per run: AIDE numbers experiments by scanning its log folder, which breaks when shared.
    home = Path(os.environ.get("HOME") or tempfile.gettempdir())
    workdir = Path(tempfile.mkdtemp(prefix="aide-run-", dir=home if os.access(home, os.W_OK) else None))
    os.chdir(workdir)
    (workdir / "full_instructions.txt").write_text(task_text(STEPS))
    # Only keys aideml 0.2.2 knows (it rejects others); values from MLE-bench's AIDE config where it has them.
    cfg = OmegaConf.merge(_load_cfg(use_cli_args=False), {
        "data_dir": str(DATA), "desc_file": str(workdir / "full_instructions.txt"), "exp_name": "exp",
        "log_dir": str(workdir / "logs"), "workspace_dir": str(workdir / "workspaces"),
        "copy_data": False, "generate_report": False,
        "exec": {"timeout": int(STEP_LIMIT)},
        "agent": {"steps": STEPS, "code": {"model": code_model}, "feedback": {"model": feedback_model},
                  "search": {"max_debug_depth": 20, "debug_prob": 1.0}},
    })
    cfg = prep_cfg(cfg)
    task_desc = load_task_desc(cfg)
    prep_agent_workspace(cfg)
    journal = Journal()
    agent = Agent(task_desc=task_desc, cfg=cfg, journal=journal)
    interpreter = Interpreter(cfg.workspace_dir, **OmegaConf.to_container(cfg.exec))
    publisher = Publisher(Path(cfg.workspace_dir))

    def execute(code, reset_session=True):
        publisher.before_execution()
        result = interpreter.run(code, reset_session)
        publisher.after_execution()
        return result

    say(f"AIDE (aideml 0.2.2) on {os.environ.get('COMPETITION_ID')}: code model {code_model}, feedback model "
        f"{feedback_model}, {STEPS} steps, time limit {TIME_LIMIT:.0f} s, workspace {cfg.workspace_dir}")
    deadline = START + TIME_LIMIT - RESERVE
    failures = 0
    try:
        for step in range(1, STEPS + 1):
            left = deadline - time.monotonic()
            if left < MIN_STEP_S:
                say(f"stopping before step {step}: {left:.0f} s left")
                break
            step_timeout = max(1, int(min(STEP_LIMIT, left)))
            interpreter.timeout = step_timeout
            cfg.exec.timeout = step_timeout  # the prompt tells the model how long its program may run
            began = time.monotonic()
            before = len(journal)
            try:
                agent.step(exec_callback=execute)
            except Exception:  # noqa: BLE001 - one broken step (an LLM or REPL error) need not end the run
                failures += 1
                say(f"step {step} failed:\n{traceback.format_exc()}")
                usage.end_step()
                if failures >= MAX_FAILED_STEPS:
                    say(f"{failures} steps in a row failed; stopping")
                    break
                continue
            failures = 0
            usage.end_step()
            if len(journal) > before:
                publisher.adopt(journal.nodes[-1])
            save_run(cfg, journal)
            copy_logs(Path(cfg.log_dir))
            best = publisher.publish_if_improved(journal, step)
            say(f"step {step}: {describe(journal.nodes[-1])} in {time.monotonic() - began:.1f} s"
                + (f"; new best, submission saved ({describe(best)})" if best is not None else ""))
    finally:
        interpreter.cleanup_session()
        copy_logs(Path(cfg.log_dir))
        usage.save()
        if publisher.best_id is None:
            message = f"no valid solution with a submission after {len(journal)} steps; last error: {last_error(journal)}"
            write_atomic(AIDE_LOGS / "last_error.txt", (message + "\n").encode())
            say(message)
    return 0 if publisher.best_id is not None else 1


if __name__ == "__main__":
    sys.exit(main())
