"""The practice competitions: pinned reference-field leaderboards that the script reproduces and on which the dummy
agent lands below the median and the baseline near the bronze line, prepared files that match their pins, and
graders checked against scores computed here independently."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits
from sklearn.metrics import mean_squared_error, roc_auc_score

from pytest_mlebench.agent_types import PROGRAMS
from pytest_mlebench.data.checksums import MATCH
from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.frames import read_csv
from pytest_mlebench.report import markdown_summary
from pytest_mlebench.results import GradeReport
from pytest_mlebench.scoring.grade import grade_submission, score_submission
from pytest_mlebench.scoring.leaderboard import COLUMNS, load_scores
from pytest_mlebench.scoring.medals import rank_score

REPO = Path(__file__).resolve().parents[2]
PRACTICE = ("practice-breast-cancer", "practice-diabetes", "practice-digits")


def load_script():
    path = REPO / "scripts" / "make_practice_leaderboards.py"
    spec = importlib.util.spec_from_file_location("make_practice_leaderboards", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("practice-data")


@pytest.fixture(scope="module")
def prepared(registry, data_dir):
    """Every practice competition prepared once, offline: id -> PrepareOutcome."""
    return {cid: prepare_competition(registry.get(cid), data_dir, download=None) for cid in PRACTICE}


def grade(competition, frame: pd.DataFrame, outcome, tmp_path: Path) -> float:
    path = tmp_path / "submission.csv"
    frame.to_csv(path, index=False)
    return score_submission(competition, path, read_csv(outcome.prepared / competition.answers))


def shuffled(frame: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    return frame.iloc[np.random.default_rng(seed).permutation(len(frame))]


def test_practice_competitions_are_offline_and_declare_a_reference_field(registry):
    for cid in PRACTICE:
        competition = registry.get(cid)
        assert competition.split == "practice"
        assert "practice" in competition.markers
        assert competition.raw_source == "builtin"
        assert competition.awards_medals
        assert competition.leaderboard.source == "local"
        assert competition.leaderboard.reference_field
        assert competition.checksums.zip is None


@pytest.mark.parametrize("cid", PRACTICE)
def test_leaderboard_matches_its_pin_and_ranks_best_first(registry, cid):
    competition = registry.get(cid)
    path = competition.folder / competition.leaderboard.path
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == competition.leaderboard.sha256
    assert len(data) == competition.leaderboard.size
    board = pd.read_csv(path)
    assert tuple(board.columns) == COLUMNS
    assert len(board) >= 30
    assert board["teamId"].is_unique
    assert board["hasTeamName"].all() and board["hasScore"].all()
    assert (board["score"] == board["scoreNullable"]).all()
    scores = board["score"].to_numpy()
    steps = np.diff(scores)
    assert (steps <= 0).all() if competition.higher_is_better else (steps >= 0).all()
    assert len(set(scores)) >= 20, "a reference field of varied strength, not a handful of equal scores"
    assert load_scores(competition) == list(scores)


@pytest.mark.parametrize("cid", PRACTICE)
def test_reference_field_is_labelled_as_such(registry, cid):
    competition = registry.get(cid)
    description = " ".join(competition.description_path.read_text().split())
    assert "reference field" in description and "not against human teams" in description
    assert (
        "reference field of scikit-learn pipelines, not human teams"
        in (competition.folder / "config.yaml").read_text()
    )


def test_readme_and_summary_call_the_practice_leaderboards_reference_fields(registry):
    readme = " ".join((REPO / "README.md").read_text().split())
    assert "reference field of scikit-learn pipelines, not human teams" in readme
    reference = [cid for cid in PRACTICE if registry.get(cid).leaderboard.reference_field]
    markdown = markdown_summary({}, [], {"reference_field_competitions": reference})
    assert (
        "Practice competitions rank against a reference field of scikit-learn pipelines, not human teams: "
        + ", ".join(PRACTICE)
        in markdown
    )


@pytest.mark.parametrize("cid", PRACTICE)
def test_prepared_files_match_their_pins(registry, prepared, cid):
    competition, outcome = registry.get(cid), prepared[cid]
    pinned = {
        f"{side}/{name}" for side in ("public", "private") for name in getattr(competition.checksums, side)
    }
    assert pinned == {
        "public/train.csv",
        "public/test.csv",
        "public/sample_submission.csv",
        "private/test.csv",
    }
    assert {name: outcome.files[name]["status"] for name in pinned} == dict.fromkeys(pinned, MATCH)
    assert outcome.raw_checksum == "not checked"


def test_regenerating_a_leaderboard_reproduces_the_file(registry, prepared, data_dir):
    competition = registry.get("practice-diabetes")
    text = load_script().make_leaderboard(competition, data_dir)
    assert text.encode() == (competition.folder / competition.leaderboard.path).read_bytes()


@pytest.mark.parametrize("cid", PRACTICE)
def test_sample_submission_wins_nothing(registry, prepared, cid, tmp_path):
    competition, outcome = registry.get(cid), prepared[cid]
    score = grade(competition, read_csv(outcome.prepared / competition.sample_submission), outcome, tmp_path)
    medals = rank_score(score, load_scores(competition), competition.is_lower_better)
    assert not medals.any_medal and not medals.above_median


def run_agent_program(name: str, public: Path, run_dir: Path) -> Path:
    """Run a built-in agent's real program on a public folder as the harness does; its submission's path."""
    env = {
        **os.environ,
        "MLEBENCH_DATA": str(public),
        "MLEBENCH_SUBMISSION": str(run_dir / "submission"),
        "MLEBENCH_CODE": str(run_dir / "code"),
        "SEED": "0",
        "TIME_LIMIT_SECS": "3600",
    }
    done = subprocess.run(
        [sys.executable, str(PROGRAMS / f"{name}.py")], env=env, capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return run_dir / "submission" / "submission.csv"


@pytest.fixture(scope="module")
def agent_reports(registry, prepared, data_dir, tmp_path_factory) -> dict[tuple[str, str], GradeReport]:
    """(agent, competition id) -> the grading report of its submission, ranked on the pinned field."""
    reports = {}
    for cid in PRACTICE:
        competition = registry.get(cid)
        for agent in ("dummy", "baseline"):
            run_dir = tmp_path_factory.mktemp(f"{agent}-{cid}")
            submission = run_agent_program(agent, prepared[cid].prepared / "public", run_dir)
            reports[agent, cid] = grade_submission(
                competition, submission, data_dir, load_scores(competition)
            )
    return reports


@pytest.mark.parametrize("cid", PRACTICE)
def test_the_dummy_agent_lands_below_the_median(agent_reports, cid):
    report = agent_reports["dummy", cid]
    assert report.valid_submission
    assert not report.above_median and not report.any_medal


def test_the_baseline_agent_lands_near_the_bronze_line(agent_reports):
    """Above the median everywhere, never gold, and at most one medal across the three fields."""
    reports = [agent_reports["baseline", cid] for cid in PRACTICE]
    assert all(report.valid_submission and report.above_median for report in reports)
    assert not any(report.gold_medal for report in reports)
    assert sum(report.any_medal for report in reports) <= 1


@pytest.mark.parametrize("cid", PRACTICE)
def test_the_field_spans_trivial_to_tuned_entries(registry, cid):
    """About 100 entries, from constant or random guesses to tuned boosting and ensembles."""
    module = load_script()
    names = [entry.name for entry in module.TASKS[cid].field()]
    assert 100 <= len(names) <= 109 and len(set(names)) == len(names)
    assert len(load_scores(registry.get(cid))) == len(names)
    assert any(name.startswith(("constant", "random guess", "uniform random")) for name in names)
    assert any("boosting tuned" in name for name in names)
    assert sum(name.startswith("ensemble") for name in names) >= 4


def test_auc_equals_the_pair_count_and_sklearn(registry, prepared, tmp_path):
    competition, outcome = registry.get("practice-breast-cancer"), prepared["practice-breast-cancer"]
    answers = read_csv(outcome.prepared / competition.answers)
    rng = np.random.default_rng(3)
    # A noisy but informative score, rounded so that ties occur and get half credit.
    y_score = np.round(0.35 * answers["target"].to_numpy() + 0.65 * rng.random(len(answers)), 2)
    positives = y_score[answers["target"].to_numpy() == 1]
    negatives = y_score[answers["target"].to_numpy() == 0]
    by_pairs = (
        (positives[:, None] > negatives[None, :]) + 0.5 * (positives[:, None] == negatives[None, :])
    ).mean()
    assert by_pairs == pytest.approx(roc_auc_score(answers["target"], y_score), abs=1e-12)
    submission = shuffled(pd.DataFrame({"id": answers["id"], "target": y_score}))
    assert grade(competition, submission, outcome, tmp_path) == pytest.approx(by_pairs, abs=5e-6)
    assert 0.6 < by_pairs < 0.99


def test_rmse_worked_by_hand(registry, prepared, tmp_path):
    competition, outcome = registry.get("practice-diabetes"), prepared["practice-diabetes"]
    answers = read_csv(outcome.prepared / competition.answers)
    offsets = np.where(np.arange(len(answers)) % 2 == 0, 10.0, -10.0)
    off_by_ten = shuffled(answers.assign(target=answers["target"] + offsets))
    assert grade(competition, off_by_ten, outcome, tmp_path) == 10.0
    noisy = answers["target"] + np.random.default_rng(5).normal(0, 30, len(answers))
    expected = float(np.sqrt(mean_squared_error(answers["target"], noisy)))
    submission = shuffled(answers.assign(target=noisy))
    assert grade(competition, submission, outcome, tmp_path) == pytest.approx(expected, abs=5e-6)


def test_accuracy_worked_by_hand(registry, prepared, tmp_path):
    competition, outcome = registry.get("practice-digits"), prepared["practice-digits"]
    answers = read_csv(outcome.prepared / competition.answers)
    assert len(answers) == 450
    labels = answers["label"].to_numpy().copy()
    labels[:45] = (labels[:45] + 1) % 10  # 45 of 450 wrong: 405 / 450 = 0.9
    submission = shuffled(answers.assign(label=labels))
    assert grade(competition, submission, outcome, tmp_path) == 0.9


def test_digit_images_are_the_bundled_digits_with_their_labels(registry, prepared):
    image_module = pytest.importorskip("PIL.Image")
    competition, outcome = registry.get("practice-digits"), prepared["practice-digits"]
    labelled = pd.concat(
        [
            read_csv(outcome.prepared / "public" / "train.csv"),
            read_csv(outcome.prepared / competition.answers),
        ]
    )
    ours = Counter()
    for image_id, label in zip(labelled["id"], labelled["label"], strict=True):
        image = image_module.open(outcome.prepared / "public" / "images" / f"{image_id}.png")
        assert image.mode == "L" and image.size == (8, 8)
        ink = np.rint(np.asarray(image, dtype=float) * 16 / 255).astype(int)
        ours[(ink.tobytes(), int(label))] += 1
    digits = load_digits()
    bundled = Counter(
        (img.astype(int).tobytes(), int(t)) for img, t in zip(digits.images, digits.target, strict=True)
    )
    assert ours == bundled
    assert len(list((outcome.prepared / "public" / "images").iterdir())) == len(digits.images)
