"""The rule-violation review: an LLM reads each run's logs and code, in parts that fit its context, and
answers yes/no questions (from `rules_questions.yaml` or a user's file); the answers go to the run's
`rules.json`. A "yes" in any part flags the run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from pytest_mlebench import yaml_files
from pytest_mlebench.errors import ConfigError, InfraError
from pytest_mlebench.integrity.endpoint import ChatEndpoint
from pytest_mlebench.integrity.evidence import RunRef, SourceText, code_files, log_files
from pytest_mlebench.results import now_iso, read_json, write_json_atomic

DEFAULT_QUESTIONS = Path(__file__).with_name("rules_questions.yaml")
RESULT_FILE = "rules.json"
DEFAULT_CONTEXT_TOKENS = 128_000
CHARS_PER_TOKEN = 3  # a cautious average for code and logs, so a part never overflows the context
RESERVED_TOKENS = 4_000  # prompt, questions and the reply
QUESTION_ID = re.compile(r"^[A-Za-z0-9_]+$")
ANSWERS = ("yes", "no")


@dataclasses.dataclass(frozen=True)
class Question:
    id: str
    question: str


@dataclasses.dataclass(frozen=True)
class RulesConfig:
    """The prompts and questions of one review, with a digest that says when stored answers are stale."""

    system_prompt: str
    user_prompt: str
    questions: tuple[Question, ...]
    source: str

    @property
    def digest(self) -> str:
        text = json.dumps([self.system_prompt, self.user_prompt, [dataclasses.astuple(q) for q in self.questions]])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_questions(path: Path | None = None) -> RulesConfig:
    """Our questions, or a user's file (which may keep ours with `include_defaults: true`).

    Raises:
        ConfigError: naming the file and the field that is wrong.
    """
    default = _read_config(DEFAULT_QUESTIONS)
    if path is None:
        return default
    path = Path(path)
    user = _read_config(path, fallback=default)
    raw = yaml_files.safe_load(path.read_text()) or {}
    if raw.get("include_defaults"):
        ids = [q.id for q in default.questions + user.questions]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ConfigError(f"{path}: question id(s) {duplicated} repeat ids of the default questions.")
        user = dataclasses.replace(user, questions=default.questions + user.questions)
    return user


def _read_config(path: Path, fallback: RulesConfig | None = None) -> RulesConfig:
    if not path.is_file():
        raise ConfigError(f"{path}: rules questions file not found.")
    try:
        raw = yaml_files.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}).") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: must be a mapping with system_prompt, user_prompt and questions.")
    prompts = {}
    for name in ("system_prompt", "user_prompt"):
        value = raw.get(name, getattr(fallback, name, None))
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: field '{name}' must be a non-empty string.")
        prompts[name] = value
    for placeholder in ("{evidence}", "{questions}"):
        if placeholder not in prompts["user_prompt"]:
            raise ConfigError(f"{path}: field 'user_prompt' must contain {placeholder}.")
    questions = []
    for n, item in enumerate(raw.get("questions") or []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("question"), str):
            raise ConfigError(f"{path}: field 'questions[{n}]' needs a string 'id' and a string 'question'.")
        if not QUESTION_ID.match(item["id"]):
            raise ConfigError(f"{path}: field 'questions[{n}].id' may hold only letters, digits and underscores.")
        questions.append(Question(item["id"], item["question"].strip()))
    if not questions and not raw.get("include_defaults"):
        raise ConfigError(f"{path}: field 'questions' must list at least one question.")
    return RulesConfig(prompts["system_prompt"], prompts["user_prompt"], tuple(questions), str(path))


def evidence_parts(sources: Sequence[SourceText], max_chars: int) -> list[str]:
    """The sources as headed sections, cut on line boundaries into parts of at most `max_chars` each."""
    parts: list[str] = []
    current = ""
    for source in sources:
        lines = [f"===== {source.name} =====\n", *source.text.splitlines(keepends=True), "\n"]
        for line in lines:
            while len(line) > max_chars:  # one huge line (a minified dump) is cut where it must be
                if current:
                    parts.append(current)
                    current = ""
                parts.append(line[:max_chars])
                line = line[max_chars:]
            if len(current) + len(line) > max_chars:
                parts.append(current)
                current = ""
            current += line
    if current.strip():
        parts.append(current)
    return parts


def parse_answers(reply: str, questions: Sequence[Question]) -> dict[str, dict[str, str]]:
    """The reply's JSON object, tolerating a Markdown fence or text around it; a missing or odd answer is 'unknown'."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    data: Any = {}
    if match:
        try:
            data = json.loads(match.group(0))
        except json.JSONDecodeError:
            data = {}
    out = {}
    for q in questions:
        item = data.get(q.id) if isinstance(data, dict) else None
        answer = str(item.get("answer", "")).strip().lower() if isinstance(item, dict) else ""
        reason = str(item.get("reason", "")).strip() if isinstance(item, dict) else ""
        if answer not in ANSWERS:
            out[q.id] = {"answer": "unknown", "reason": reason or "the reply did not answer this question"}
        else:
            out[q.id] = {"answer": answer, "reason": reason.splitlines()[0] if reason else ""}
    return out


def review_run(
    run: RunRef, endpoint: ChatEndpoint, config: RulesConfig, context_tokens: int = DEFAULT_CONTEXT_TOKENS
) -> dict[str, Any]:
    """Ask every question about one run, part by part, and merge the answers (any "yes" wins)."""
    sources = log_files(run.folder) + code_files(run.folder)
    base = {
        "check": "rules", "competition_id": run.competition_id, "seed": run.seed, "model": endpoint.model,
        "endpoint": endpoint.base_url, "questions_file": config.source, "questions_digest": config.digest,
        "context_tokens": context_tokens, "created_at": now_iso(),
    }
    if not any(s.text.strip() for s in sources):
        answers = {q.id: {"question": q.question, "answer": "no", "reason": "the run left no logs or code", "part": None}
                   for q in config.questions}
        return {**base, "parts": 0, "flagged": False, "complete": True, "answers": answers}
    max_chars = max(1_000, (context_tokens - RESERVED_TOKENS) * CHARS_PER_TOKEN - len(config.system_prompt))
    parts = evidence_parts(sources, max_chars)
    listing = "\n".join(f"- {q.id}: {q.question}" for q in config.questions)
    merged: dict[str, dict[str, Any]] = {}
    for number, part in enumerate(parts, start=1):
        messages = [
            {"role": "system", "content": config.system_prompt.replace("{competition_id}", run.competition_id)},
            {"role": "user", "content": _fill(config.user_prompt, part=number, parts=len(parts), evidence=part,
                                              questions=listing, competition_id=run.competition_id)},
        ]
        answers = parse_answers(endpoint.complete(messages), config.questions)
        for q in config.questions:
            merged[q.id] = _merge(merged.get(q.id), {**answers[q.id], "part": number})
    answers = {q.id: {"question": q.question, **merged[q.id]} for q in config.questions}
    return {
        **base, "parts": len(parts),
        "flagged": any(a["answer"] == "yes" for a in answers.values()),
        "complete": all(a["answer"] != "unknown" for a in answers.values()),
        "answers": answers,
    }


def _fill(template: str, **values: Any) -> str:
    # str.format would choke on braces in the user's template text; only our placeholders are replaced.
    text = template.replace("{{", "\0").replace("}}", "\1")
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text.replace("\0", "{").replace("\1", "}")


def _merge(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    rank = {"yes": 2, "unknown": 1, "no": 0}
    if old is None or rank[new["answer"]] > rank[old["answer"]]:
        return new
    return old


def stored_review(run: RunRef, endpoint: ChatEndpoint, config: RulesConfig, context_tokens: int) -> dict[str, Any] | None:
    """The run's rules.json when it answers the same questions with the same model; None otherwise."""
    path = run.folder.path / RESULT_FILE
    try:
        stored = read_json(path)
    except (OSError, ValueError):
        return None
    same = (stored.get("model"), stored.get("questions_digest"), stored.get("context_tokens")) == (
        endpoint.model, config.digest, context_tokens)
    return stored if same and stored.get("complete") else None


def check_rules(
    runs: Sequence[RunRef],
    endpoint: ChatEndpoint,
    config: RulesConfig,
    context_tokens: int = DEFAULT_CONTEXT_TOKENS,
    redo: bool = False,
) -> dict[str, dict[str, Any]]:
    """Review every run (reusing a stored complete review unless `redo`); run key -> its rules.json content."""
    results = {}
    for run in runs:
        result = None if redo else stored_review(run, endpoint, config, context_tokens)
        if result is None:
            try:
                result = review_run(run, endpoint, config, context_tokens)
            except InfraError as exc:  # this run stays unreviewed (and is retried next time); the others go on
                result = {"check": "rules", "competition_id": run.competition_id, "seed": run.seed,
                          "model": endpoint.model, "flagged": False, "complete": False, "error": str(exc)}
            write_json_atomic(run.folder.path / RESULT_FILE, result)
        results[run.key] = result
    return results


def format_rules(results: dict[str, dict[str, Any]]) -> list[str]:
    """One line per run: its verdict and, for a flagged run, the questions answered yes with their reasons."""
    lines = []
    for key, result in sorted(results.items()):
        if result.get("error"):
            lines.append(f"{key}: not reviewed: {result['error']}")
            continue
        yes = {qid: a for qid, a in (result.get("answers") or {}).items() if a.get("answer") == "yes"}
        unknown = [qid for qid, a in (result.get("answers") or {}).items() if a.get("answer") == "unknown"]
        verdict = "FLAGGED" if yes else ("incomplete" if unknown else "ok")
        lines.append(f"{key}: {verdict} ({result.get('parts', 0)} part(s))")
        lines += [f"  {qid}: {a.get('reason', '')}" for qid, a in yes.items()]
        lines += [f"  {qid}: no answer" for qid in unknown]
    return lines
