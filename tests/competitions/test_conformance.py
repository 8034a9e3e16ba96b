"""The conformance suite every competition folder passes, on tiny synthetic raw data in Kaggle's layout.

A folder answers the suite through its `conformance.py`: `make_raw`, `perfect_submission`,
`invalid_submissions` with `INVALID_REASONS` (each case's expected reason, a regex; the generic cases come
from the config's `submission:` schema, `GENERIC_CASES_SKIPPED` drops one), `BEST_SCORE`, `ROW_ORDER_FREE`, and the public files holding train and test ids
(`PUBLIC_TRAIN = None` where the two are numbered independently). Optional: `ANSWER_COLUMNS` (when the
answers file also carries public features), `PREPARE_CONSTANTS` (preparer constants scaled to tiny data) and
`SAMPLE_SCORES_NAN` (the sample submission scores NaN, valid in MLE-bench: a constant Pearson prediction) and
`MLEBENCH_GRADER_NAME` (MLE-bench's config names another metric than its grader computes).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.data.checksums import md5_file
from pytest_mlebench.data.formats import archives
from pytest_mlebench.data.formats.bson_documents import iter_documents
from pytest_mlebench.data.formats.tables import read_parquet
from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import GraderError, InvalidSubmissionError
from pytest_mlebench.frames import read_answers, read_csv
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Registry
from pytest_mlebench.scoring.grade import STRICT_GRADING_ENV, score_submission
from pytest_mlebench.submission_checks import generic_invalid_cases

REPO = Path(__file__).resolve().parents[2]
IDS = Registry(REPO / "competitions").ids()


def conformance_module(competition):
    path = competition.folder / "conformance.py"
    spec = importlib.util.spec_from_file_location(f"conformance_{competition.id.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=IDS)
def case(request, registry, tmp_path_factory):
    """A competition prepared from synthetic raw files, once per module."""
    competition = registry.get(request.param)
    module = conformance_module(competition)
    data_dir = tmp_path_factory.mktemp(f"data-{competition.id[:20]}")
    layout = DataLayout(data_dir, competition.id)
    module.make_raw(layout.raw, np.random.default_rng(0))
    with scaled_preparer(competition, module):
        outcome = prepare_competition(competition, data_dir, download=None)
    return competition, module, layout, outcome


@contextlib.contextmanager
def scaled_preparer(competition, module):
    """Apply the conformance module's PREPARE_CONSTANTS to the preparer's globals for the block.

    For a preparer whose fixed test size (MLE-bench's integer `test_size`) exceeds any tiny raw data.
    """
    constants = getattr(module, "PREPARE_CONSTANTS", {})
    namespace = competition.prepare_fn.__globals__
    unknown = [name for name in constants if name not in namespace]
    assert not unknown, f"PREPARE_CONSTANTS names {unknown}, which prepare.py does not define"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in constants.items():
            patch.setitem(namespace, name, value)
        yield


def id_column_of(competition, module) -> str:
    """The column naming test rows: the conformance module's ID_COLUMN, else the schema's first id."""
    return getattr(module, "ID_COLUMN", None) or competition.submission.id_columns[0]


def row_order_free(competition, module) -> bool:
    """Whether rows are matched by id: the module's ROW_ORDER_FREE, else the schema's `rows: by-id`."""
    if hasattr(module, "ROW_ORDER_FREE"):
        return module.ROW_ORDER_FREE
    return competition.submission is not None and competition.submission.rows == "by-id"


def grade_frame(competition, frame: pd.DataFrame, layout: DataLayout, tmp_path: Path) -> float:
    path = tmp_path / "submission.csv"
    frame.to_csv(path, index=False)
    return score_submission(competition, path, read_answers(layout.prepared / competition.answers))


def read_public(path: Path, id_column: str, folders: bool = False) -> pd.DataFrame:
    """A public table: a CSV or TSV (zipped or not), a parquet file (icecube), JSON lines (tensorflow2-question-
    answering), a JSON list of records (random-acts-of-pizza), the images of a COCO-style JSON index (inaturalist,
    herbarium), a NumPy array (its row numbers), a 7z archive of one table (statoil), a BSON file of documents
    (cdiscount), or a folder or zip or 7z archive of files named by id (their stems) at any depth, where no public
    CSV lists the ids (ranzcr's test/, whale's test2.zip, seti's test/<first character>/<id>.npy, paddy's
    train_images/<label>/)."""
    if path.is_dir() and folders:  # one folder per id (IDS_ARE_FOLDERS: vesuvius' fragments, rsna-miccai's cases)
        return pd.DataFrame({id_column: sorted(p.name for p in path.iterdir() if p.is_dir())})
    if path.is_dir():
        return pd.DataFrame({id_column: sorted(p.stem for p in path.rglob("*") if p.is_file())})
    if path.suffix == ".zip" and not path.stem.endswith((".csv", ".tsv")):
        with zipfile.ZipFile(path) as archive:
            names = [PurePosixPath(n).stem for n in archive.namelist() if not n.endswith("/")]
        return pd.DataFrame({id_column: sorted(names)})
    if path.suffix == ".7z":
        members = [PurePosixPath(n) for n in archives.list_members(path) if PurePosixPath(n).suffix]
        if len(members) == 1 and members[0].suffix in (".json", ".csv"):  # one table inside (statoil)
            with tempfile.TemporaryDirectory() as folder:
                (member,) = archives.extract(path, Path(folder))
                return read_public(member, id_column)
        return pd.DataFrame({id_column: sorted(m.stem for m in members)})
    if path.suffix == ".npy":  # ml2021spring-hw2: test rows are numbered by their place in the array
        return pd.DataFrame({id_column: range(len(np.load(path, mmap_mode="r")))})
    if path.suffix == ".json":
        try:
            document = json.loads(path.read_text())
        except json.JSONDecodeError:  # JSON lines, one record a line (stanford-covid-vaccine)
            return pd.read_json(path, lines=True)
        # A COCO-style index (inaturalist, iwildcam) lists its rows under "images".
        return pd.DataFrame(document["images"] if isinstance(document, dict) else document)
    if ".tsv" in path.suffixes:
        return read_csv(path, sep="\t")
    if path.suffix == ".bson":
        return pd.DataFrame(list(iter_documents(path)))
    if path.suffix == ".parquet":
        return read_parquet(path)
    if path.suffix == ".jsonl":
        return read_answers(path)
    return read_csv(path)


def all_files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): md5_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_prepared_files_are_the_pinned_ones(case):
    competition, _, layout, outcome = case
    for side, pins in (("public", competition.checksums.public), ("private", competition.checksums.private)):
        present = {p.name for p in (layout.prepared / side).iterdir() if p.is_file()}
        assert set(pins) <= present, f"{side}/ lacks {set(pins) - present}"
    assert (layout.public / "description.md").read_text() == competition.description_path.read_text()
    assert outcome.raw_checksum == "not checked"
    assert (layout.prepared / competition.answers).is_file()
    assert (layout.prepared / competition.sample_submission).is_file()


def test_no_answers_in_public(case):
    competition, module, layout, _ = case
    answers = read_answers(layout.prepared / competition.answers)
    # ANSWER_COLUMNS: where the answers file also carries public features (default: every non-id column).
    answer_columns = getattr(module, "ANSWER_COLUMNS", None) or [c for c in answers.columns if c != id_column_of(competition, module)]
    test = read_public(layout.public / module.PUBLIC_TEST, id_column_of(competition, module))
    leaked = [c for c in answer_columns if c in test.columns]
    assert not leaked, f"public/{module.PUBLIC_TEST} carries answer column(s) {leaked}"
    answers_md5 = md5_file(layout.prepared / competition.answers)
    copies = [name for name, md5 in all_files(layout.public).items() if md5 == answers_md5]
    assert not copies, f"public/ holds a copy of the answers: {copies}"


def test_test_ids_disjoint_from_train_ids(case):
    competition, module, layout, _ = case
    if module.PUBLIC_TRAIN is None:
        pytest.skip(f"{competition.id} numbers train and test ids independently, as MLE-bench does")
    folders = getattr(module, "IDS_ARE_FOLDERS", False)
    train = read_public(layout.public / module.PUBLIC_TRAIN, id_column_of(competition, module), folders)
    test = read_public(layout.public / module.PUBLIC_TEST, id_column_of(competition, module), folders)
    overlap = set(train[id_column_of(competition, module)]) & set(test[id_column_of(competition, module)])
    assert not overlap, f"{len(overlap)} test ids are also train ids"


def test_preparing_twice_is_byte_identical(case, tmp_path):
    competition, module, layout, _ = case
    again = DataLayout(tmp_path, competition.id)
    module.make_raw(again.raw, np.random.default_rng(0))
    with scaled_preparer(competition, module):
        prepare_competition(competition, tmp_path, download=None)
    assert all_files(again.prepared) == all_files(layout.prepared)


def test_sample_submission_is_valid(case, tmp_path):
    competition, module, layout, _ = case
    sample = read_csv(layout.prepared / competition.sample_submission)
    score = grade_frame(competition, sample, layout, tmp_path)
    if getattr(module, "SAMPLE_SCORES_NAN", False):
        assert np.isnan(score), "SAMPLE_SCORES_NAN: MLE-bench scores this sample NaN (valid, no medal)"
    else:
        assert np.isfinite(score)


def test_perfect_submission_gets_best_score(case, tmp_path):
    competition, module, layout, _ = case
    answers = read_answers(layout.prepared / competition.answers)
    assert grade_frame(competition, module.perfect_submission(answers), layout, tmp_path) == pytest.approx(
        module.BEST_SCORE, abs=1e-5
    )


def test_row_order_does_not_change_score(case, tmp_path):
    competition, module, layout, _ = case
    if not row_order_free(competition, module):
        pytest.skip(f"{competition.id} pairs rows by position, as MLE-bench does (a known issue)")
    sample = read_csv(layout.prepared / competition.sample_submission)
    answers = read_answers(layout.prepared / competition.answers)
    rng = np.random.default_rng(1)
    for frame in (sample, module.perfect_submission(answers)):
        shuffled = frame.iloc[rng.permutation(len(frame))]
        shuffled_score = grade_frame(competition, shuffled, layout, tmp_path)
        score = grade_frame(competition, frame, layout, tmp_path)
        assert shuffled_score == score or (np.isnan(shuffled_score) and np.isnan(score))


def invalid_cases(competition, module, sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, str]]:
    """Every invalid case -> (submission, reason regex): the generic ones the config's submission schema implies,
    then the conformance module's own (`invalid_submissions`, `INVALID_REASONS`), which may override a generic
    case or its reason; `GENERIC_CASES_SKIPPED` (case -> why) drops a generic case the sample cannot carry."""
    cases = {}
    if competition.submission is not None:
        cases = generic_invalid_cases(competition.submission, sample, answers)
        for name in getattr(module, "GENERIC_CASES_SKIPPED", {}):
            cases.pop(name)
    reasons = getattr(module, "INVALID_REASONS", {})
    own = module.invalid_submissions(sample, answers) if hasattr(module, "invalid_submissions") else {}
    missing = set(own) - set(reasons)
    assert not missing, f"INVALID_REASONS lacks the reason of {sorted(missing)}"
    for name, frame in own.items():
        cases[name] = (frame, reasons[name])
    for name, reason in reasons.items():
        if name in cases:
            cases[name] = (cases[name][0], reason)
    return cases


def invalid_case_failures(competition, module, layout: DataLayout, tmp_path: Path) -> dict[str, str]:
    """Each invalid case that is not refused with its declared reason -> what happened instead.

    A grader bug (GraderError under strict grading) or a score counts as a failure, as does another reason.
    """
    sample = read_csv(layout.prepared / competition.sample_submission)
    answers = read_answers(layout.prepared / competition.answers)
    failures = {}
    for rule, (frame, reason) in invalid_cases(competition, module, sample, answers).items():
        try:
            score = grade_frame(competition, frame, layout, tmp_path)
        except InvalidSubmissionError as exc:
            if not re.search(reason, str(exc)):
                failures[rule] = f"refused with another reason: {exc}"
        except GraderError as exc:
            failures[rule] = f"grader error: {exc}"
        else:
            failures[rule] = f"scored {score}"
    return failures


def test_each_invalid_rule_is_invalid_with_its_reason(case, tmp_path, monkeypatch):
    competition, module, layout, _ = case
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    sample = read_csv(layout.prepared / competition.sample_submission)
    answers = read_answers(layout.prepared / competition.answers)
    cases = invalid_cases(competition, module, sample, answers)
    assert cases, "a competition declares at least one invalid-submission rule"
    unused = set(getattr(module, "INVALID_REASONS", {})) - set(cases)
    assert not unused, f"INVALID_REASONS names no case: {sorted(unused)}"
    assert invalid_case_failures(competition, module, layout, tmp_path) == {}


def test_config_matches_mlebench_pins(case, mlebench_pins):
    competition, module = case[0], case[1]
    if competition.split == "practice":
        pytest.skip("practice competitions are ours, not MLE-bench's")
    pin = mlebench_pins[competition.id]
    assert competition.split == pin["split"]
    assert competition.awards_medals == pin["awards_medals"]
    assert competition.competition_type == pin["competition_type"]
    # MLEBENCH_GRADER_NAME: where MLE-bench's config names another metric than its grader computes (ventilator).
    assert getattr(module, "MLEBENCH_GRADER_NAME", competition.metric) == pin["grader_name"]
    assert competition.checksums.zip == pin["checksums"]["zip"]
    assert competition.checksums.public == pin["checksums"]["public"]
    assert competition.checksums.private == pin["checksums"].get("private", {})
    assert competition.leaderboard.sha256 == pin["leaderboard_lfs"]["sha256"]
    assert competition.leaderboard.size == pin["leaderboard_lfs"]["size"]
    assert competition.leaderboard.path == pin["leaderboard_lfs"]["path"]
    assert competition.answers == pin["answers"].split("/prepared/", 1)[1]
    assert competition.sample_submission == pin["sample_submission"].split("/prepared/", 1)[1]
    ours = hashlib.sha256(competition.description_path.read_bytes()).hexdigest()
    assert ours != pin["description_sha256"], "description.md must be written by us"
