"""`mlebench check-rules` and `mlebench check-plagiarism` over a finished run group, offline."""

from __future__ import annotations

from pytest_mlebench.cli import main
from tests.integrity.conftest import MARKERS, make_run
from tests.integrity.test_plagiarism import COPIED_NOTEBOOK, OWN_CODE, RENAMED_COPY, notebook, plant_notebook


def test_check_rules_prints_each_run_and_fails_on_a_flag(llm, tmp_path, capsys):
    runs = tmp_path / "runs"
    make_run(runs, "g", "comp-a", 0, logs="trained a model\n")
    assert main(["check-rules", "g", "--runs-dir", str(runs)]) == 0
    assert capsys.readouterr().out.splitlines() == ["comp-a-seed0: ok (1 part(s))"]
    make_run(runs, "g", "comp-a", 1, logs=MARKERS["unauthorised_answers"])
    assert main(["check-rules", "g", "--runs-dir", str(runs), "--model", "small-model"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["comp-a-seed0: ok (1 part(s))", "comp-a-seed1: FLAGGED (1 part(s))"]
    assert out[2].startswith("  unauthorised_answers: ")
    assert llm.requests[-1]["body"]["model"] == "small-model"


def test_check_plagiarism_offline(tmp_path, capsys):
    data, runs = tmp_path / "data", tmp_path / "runs"
    plant_notebook(data, "practice-digits", "alice/gbm-5-fold", notebook(COPIED_NOTEBOOK))
    make_run(runs, "g", "practice-digits", 0, code={"a.py": RENAMED_COPY})
    make_run(runs, "g", "practice-digits", 1, code={"b.py": OWN_CODE})
    status = main(["check-plagiarism", "g", "--runs-dir", str(runs), "--data-dir", str(data), "--offline"])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out[0].startswith("practice-digits-seed0: ") and out[0].endswith("FLAGGED")
    assert "code/a.py ~ alice/gbm-5-fold.py (1/1 notebooks)" in out[0]
    assert not out[1].endswith("FLAGGED")


def test_an_unknown_group_or_bad_threshold_is_a_usage_error(tmp_path, capsys):
    assert main(["check-plagiarism", "nothing", "--runs-dir", str(tmp_path), "--offline"]) == 2
    assert "no runs in" in capsys.readouterr().err
    make_run(tmp_path, "g", "comp-a", 0)
    assert main(["check-plagiarism", "g", "--runs-dir", str(tmp_path), "--threshold", "1.5"]) == 2
    assert "--threshold" in capsys.readouterr().err


def test_check_rules_without_an_endpoint_says_what_to_set(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    make_run(tmp_path, "g", "comp-a", 0)
    assert main(["check-rules", "g", "--runs-dir", str(tmp_path)]) == 2
    assert "OPENAI_API_KEY" in capsys.readouterr().err
