"""Toy competitions and planted agents for plugin tests: offline, with local leaderboards."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

PREPARE = '''
import pandas as pd

def prepare(raw, public, private):
    ids = [f"r{i}" for i in range(10)]
    pd.DataFrame({"id": ids[:6], "x": range(6), "y": [0, 1, 0, 1, 0, 1]}).to_csv(public / "train.csv", index=False)
    pd.DataFrame({"id": ids[6:], "x": range(6, 10)}).to_csv(public / "test.csv", index=False)
    pd.DataFrame({"id": ids[6:], "y": [0.5] * 4}).to_csv(public / "sample_submission.csv", index=False)
    pd.DataFrame({"id": ids[6:], "y": [0, 1, 0, 1]}).to_csv(private / "answers.csv", index=False)
'''

GRADE = '''
from pytest_mlebench.metrics import prepare_for_auroc, roc_auc

def grade(submission, answers):
    return roc_auc(*prepare_for_auroc(submission, answers, "id", "y"))
'''

# 10 teams, best first: gold = 1st (1.0), silver = 2nd (0.9), bronze = 4th (0.7), median 0.55.
LEADERBOARD = "scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore\n" + "".join(
    f"{s},{i},True,2026-01-01 00:00:00,{s},True\n" for i, s in enumerate([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
)


def write_toy(root: Path, cid: str, split: str, category: str) -> None:
    folder = root / cid
    folder.mkdir(parents=True)
    (folder / "prepare.py").write_text(PREPARE)
    (folder / "grade.py").write_text(GRADE)
    (folder / "description.md").write_text(f"# {cid}\nPredict y for each id; AUC.\n")
    (folder / "leaderboard.csv").write_text(LEADERBOARD)
    sha = hashlib.sha256(LEADERBOARD.encode()).hexdigest()
    (folder / "config.yaml").write_text(textwrap.dedent(f"""\
        id: {cid}
        name: {cid}
        split: {split}
        category: {category}
        awards_medals: true
        competition_type: simple
        year: 2026
        raw_source: builtin
        metric: {{name: auc-roc, higher_is_better: true}}
        answers: private/answers.csv
        sample_submission: public/sample_submission.csv
        leaderboard: {{source: local, path: leaderboard.csv, sha256: {sha}, size: {len(LEADERBOARD)}, reference_field: true}}
        checksums: {{zip: null, public: {{}}, private: {{}}}}
        """))


AGENT_SCRIPT = '''
import os, sys, shutil, time, pathlib
cid, seed = os.environ["COMPETITION_ID"], int(os.environ["SEED"])
plan = {plan!r}
action = plan.get(f"{{cid}}-{{seed}}", "sample")
out = pathlib.Path(os.environ["MLEBENCH_SUBMISSION"]) / "submission.csv"
if action == "perfect":
    out.write_text("id,y\\nr6,0\\nr7,1\\nr8,0\\nr9,1\\n")
elif action == "bad":
    out.write_text("id,y\\nr6,0\\n")
elif action == "sleep":
    shutil.copy(pathlib.Path(os.environ["MLEBENCH_DATA"]) / "sample_submission.csv", out)
    time.sleep(600)
else:
    shutil.copy(pathlib.Path(os.environ["MLEBENCH_DATA"]) / "sample_submission.csv", out)
'''


def write_agent(folder: Path, plan: dict[str, str], name: str = "planted") -> Path:
    """A YAML agent whose outcome per `<competition>-<seed>` is planted: perfect, bad, sleep or sample."""
    import sys

    import yaml

    (folder / f"{name}.py").write_text(AGENT_SCRIPT.format(plan=plan))
    spec = folder / f"{name}.yaml"
    spec.write_text(yaml.safe_dump({"name": name, "command": [sys.executable, f"{name}.py"]}))
    return spec


BUGGY_GRADE = '''
def grade(submission, answers):
    scores = {"auc": 1.0}
    return scores["roc"]  # a planted grader bug, whatever the submission
'''


def plant_grader_bug(root: Path, cid: str) -> None:
    """Replace a toy competition's grader with one that raises KeyError on every submission."""
    (root / cid / "grade.py").write_text(BUGGY_GRADE)
