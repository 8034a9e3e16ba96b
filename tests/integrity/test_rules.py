"""The rule-violation review against a local stand-in LLM: planted runs are flagged, clean ones are not."""

from __future__ import annotations

import json

import pytest

from pytest_mlebench.errors import ConfigError, InfraError, PrerequisiteError
from pytest_mlebench.integrity.endpoint import ChatEndpoint
from pytest_mlebench.integrity.evidence import SourceText, group_runs
from pytest_mlebench.integrity.rules import (
    DEFAULT_CONTEXT_TOKENS,
    check_rules,
    evidence_parts,
    load_questions,
    parse_answers,
)
from tests.integrity.conftest import MARKERS, make_run

CLEAN_LOG = "step 1: fit LogisticRegression on train.csv\nvalidation AUC 0.81\nwrote submission.csv\n"


def test_planted_runs_are_flagged_and_only_they(llm, tmp_path):
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0, logs=CLEAN_LOG + MARKERS["hand_written_predictions"] + "\n")
    make_run(runs, "g", "comp-a", 1, logs=CLEAN_LOG, code={"train.py": "import sklearn\n"})
    make_run(runs, "g", "comp-b", 0, logs=CLEAN_LOG, code={"llm.py": f"# {MARKERS['external_llm_api']}\n"})
    results = check_rules(group_runs(runs, "g"), ChatEndpoint.from_env(), load_questions())
    assert {k: r["flagged"] for k, r in results.items()} == {
        "comp-a-seed0": True, "comp-a-seed1": False, "comp-b-seed0": True}
    answers = {k: {q: a["answer"] for q, a in r["answers"].items()} for k, r in results.items()}
    assert answers["comp-a-seed0"] == {"hand_written_predictions": "yes", "external_llm_api": "no",
                                       "unauthorised_answers": "no"}
    assert answers["comp-b-seed0"]["external_llm_api"] == "yes"
    stored = json.loads((runs / "g" / "comp-a" / "seed0" / "rules.json").read_text())
    assert stored["flagged"] and stored["answers"]["hand_written_predictions"]["reason"]
    # The request went to the OpenAI-compatible path with the competition in the prompt and no key sent.
    first = llm.requests[0]
    assert first["path"] == "/v1/chat/completions" and first["authorization"] is None
    assert "comp-a" in first["body"]["messages"][0]["content"]
    assert first["body"]["model"] == "gpt-4o-mini" and first["body"]["temperature"] == 0


def test_a_violation_in_the_last_part_still_flags_the_run(llm, tmp_path):
    runs = tmp_path / "runs"
    filler = "".join(f"epoch {i}: loss {1 / (i + 1):.4f}\n" for i in range(3000))
    make_run(runs, "g", "comp-a", 0, logs=filler + MARKERS["unauthorised_answers"] + "\n")
    [result] = check_rules(group_runs(runs, "g"), ChatEndpoint.from_env(), load_questions(), context_tokens=10_000).values()
    assert result["parts"] == len(llm.requests) > 1
    assert result["flagged"] and result["answers"]["unauthorised_answers"]["part"] == result["parts"]
    for request in llm.requests:  # every part fits the context it was cut for
        assert sum(len(m["content"]) for m in request["body"]["messages"]) < 10_000 * 3


def test_evidence_parts_cut_on_lines_and_keep_everything():
    sources = [SourceText("logs/a.log", "".join(f"line {i}\n" for i in range(500))), SourceText("code/x.py", "w" * 2500)]
    parts = evidence_parts(sources, max_chars=1000)
    assert all(len(p) <= 1000 for p in parts)
    joined = "".join(parts)
    assert "line 0\n" in joined and "line 499\n" in joined and joined.count("w") == 2500
    assert joined.index("===== logs/a.log") < joined.index("===== code/x.py")


def test_stored_reviews_are_reused_unless_redone(llm, tmp_path):
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0, logs=CLEAN_LOG)
    refs, endpoint, config = group_runs(runs, "g"), ChatEndpoint.from_env(), load_questions()
    check_rules(refs, endpoint, config)
    check_rules(refs, endpoint, config)
    assert len(llm.requests) == 1
    check_rules(refs, endpoint, config, redo=True)
    assert len(llm.requests) == 2
    check_rules(refs, ChatEndpoint.from_env(model="another-model"), config)
    assert len(llm.requests) == 3


def test_a_run_without_logs_or_code_is_not_sent(llm, tmp_path):
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0)
    [result] = check_rules(group_runs(runs, "g"), ChatEndpoint.from_env(), load_questions()).values()
    assert not llm.requests and not result["flagged"] and result["parts"] == 0


def test_unanswered_questions_leave_the_run_incomplete_not_flagged(llm, tmp_path):
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0, logs=CLEAN_LOG)
    llm.reply_override = "I cannot tell."
    [result] = check_rules(group_runs(runs, "g"), ChatEndpoint.from_env(), load_questions()).values()
    assert not result["flagged"] and not result["complete"]
    assert {a["answer"] for a in result["answers"].values()} == {"unknown"}


def test_parse_answers_tolerates_fences_and_odd_values():
    questions = load_questions().questions
    reply = 'Sure:\n```json\n{"hand_written_predictions": {"answer": "YES", "reason": "typed values\\nmore"},' \
            ' "external_llm_api": {"answer": "maybe"}}\n```'
    answers = parse_answers(reply, questions)
    assert answers["hand_written_predictions"] == {"answer": "yes", "reason": "typed values"}
    assert answers["external_llm_api"]["answer"] == "unknown"
    assert answers["unauthorised_answers"]["answer"] == "unknown"


def test_endpoint_retries_server_errors_and_explains_refusals(llm, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda _: None)
    endpoint = ChatEndpoint.from_env()
    llm.fail_next = [503, 429]
    assert "hand_written_predictions" in endpoint.complete([{"role": "user", "content": "hi"}])
    llm.fail_next = [401]
    with pytest.raises(PrerequisiteError, match="OPENAI_API_KEY"):
        endpoint.complete([{"role": "user", "content": "hi"}])
    llm.fail_next = [500] * 4
    with pytest.raises(InfraError, match="failed 4 times"):
        endpoint.complete([{"role": "user", "content": "hi"}])


def test_an_unreachable_endpoint_leaves_runs_unreviewed(tmp_path, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda _: None)
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0, logs=CLEAN_LOG)
    endpoint = ChatEndpoint(base_url="http://127.0.0.1:9", model="m", retries=0, timeout=2)
    [result] = check_rules(group_runs(runs, "g"), endpoint, load_questions()).values()
    assert result["error"] and not result["complete"] and not result["flagged"]


def test_openai_itself_needs_a_key(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(PrerequisiteError, match="OPENAI_API_KEY"):
        ChatEndpoint.from_env()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert ChatEndpoint.from_env().api_key == "sk-test"
    assert "sk-test" not in repr(ChatEndpoint.from_env())


def test_users_extend_the_questions_file(tmp_path, llm):
    extra = tmp_path / "questions.yaml"
    extra.write_text("include_defaults: true\nquestions:\n  - id: used_gpu\n    question: Did the agent use a GPU?\n")
    config = load_questions(extra)
    assert [q.id for q in config.questions] == [*(q.id for q in load_questions().questions), "used_gpu"]
    assert config.digest != load_questions().digest
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0, logs=CLEAN_LOG)
    [result] = check_rules(group_runs(runs, "g"), ChatEndpoint.from_env(), config, DEFAULT_CONTEXT_TOKENS).values()
    assert "used_gpu" in llm.requests[0]["body"]["messages"][1]["content"]
    assert result["answers"]["used_gpu"]["answer"] == "unknown"  # the stand-in does not know this question


@pytest.mark.parametrize(("text", "field"), [
    ("questions: [{id: 'bad id', question: q}]", "questions[0].id"),
    ("questions: [{question: q}]", "questions[0]"),
    ("user_prompt: 'no placeholders'\nquestions: [{id: a, question: q}]", "user_prompt"),
    ("questions: []", "questions"),
    ("include_defaults: true\nquestions: [{id: external_llm_api, question: q}]", "repeat"),
])
def test_a_bad_questions_file_names_the_field(tmp_path, text, field):
    path = tmp_path / "q.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=field.replace("[", r"\[").replace("]", r"\]")) as info:
        load_questions(path)
    assert str(path) in str(info.value)
