"""Grading's fast path against the plain pandas path, on every conformance and fuzz case of every competition.

The fast path matches ids by hash (arrow's dictionary encoding for arrow-backed text, pandas' Index otherwise);
the plain path is MLE-bench's: sort both files by id and compare. Verdicts (score, or the reason a submission is
invalid) must be identical, case by case.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from test_conformance import conformance_module, invalid_cases
from test_fuzz import prepared, submissions  # noqa: F401 - `prepared` is the module-scoped fixture used here

from pytest_mlebench import submission_checks
from pytest_mlebench.errors import GraderError, InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import STRICT_GRADING_ENV, score_submission


def verdict(competition, path, answers: pd.DataFrame, plain: bool) -> tuple[str, object]:
    """('score', value), ('invalid', reason) or ('grader error', message), through the fast path or, with `plain`,
    the sorting one. A grader bug is a verdict here too: test_fuzz.py is where it fails a test."""
    with pytest.MonkeyPatch.context() as patch:
        if plain:
            patch.setattr(submission_checks, "_matched_by_hash", lambda *args: None)
        try:
            score = score_submission(competition, path, answers)
            return "score", "nan" if np.isnan(score) else score  # NaN scores are the same verdict
        except InvalidSubmissionError as exc:
            return "invalid", str(exc)
        except GraderError as exc:
            return "grader error", str(exc)


def assert_same_verdict(competition, path, answers: pd.DataFrame, what: str) -> tuple[str, object]:
    fast = verdict(competition, path, answers, plain=False)
    plain = verdict(competition, path, answers, plain=True)
    # Verdict and score must agree; a refusal's reason may differ where several rows are broken and the two paths
    # meet a different one first (rows in the answers' order or sorted).
    same = fast[0] == plain[0] and (fast[0] == "invalid" or _same_score(fast[1], plain[1]))
    assert same, f"{competition.id}, {what}: fast path {fast}, plain pandas path {plain}"
    return fast


def _same_score(fast: object, plain: object) -> bool:
    """Equal as reported (rounded to 5 decimals). The fast path pairs the same rows but keeps them in the
    answers' order, not sorted, so a metric's float sum may add them in another order: where the score is too
    large for the rounding to absorb that (an RMSE of 1e16 has an ulp of 2), the last bits may differ, and
    only there 12 significant digits must agree."""
    if fast == plain or isinstance(fast, str) or isinstance(plain, str):
        return fast == plain
    return abs(float(fast)) >= 1e7 and math.isclose(float(fast), float(plain), rel_tol=1e-12)


def conformance_frames(competition, answers: pd.DataFrame, bases: list[pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The sample and perfect submissions, both shuffled, and every invalid case of the conformance suite."""
    module = conformance_module(competition)
    sample, perfect = bases
    rng = np.random.default_rng(1)
    frames = {"sample": sample, "perfect": perfect,
              "sample shuffled": sample.iloc[rng.permutation(len(sample))],
              "perfect shuffled": perfect.iloc[rng.permutation(len(perfect))]}
    for name, (frame, _) in invalid_cases(competition, module, sample.copy(), answers.copy()).items():
        frames[f"invalid: {name}"] = frame
    return frames


def test_conformance_cases_grade_alike_on_both_paths(prepared, monkeypatch):  # noqa: F811
    competition, answers, bases, folder = prepared
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    path = folder / "submission.csv"
    verdicts = {}
    for name, frame in conformance_frames(competition, answers, bases).items():
        frame.to_csv(path, index=False)
        verdicts[name] = assert_same_verdict(competition, path, answers, name)
    assert verdicts["perfect"][0] == "score", verdicts["perfect"]


def test_fuzzed_submissions_grade_alike_on_both_paths(prepared, monkeypatch):  # noqa: F811
    competition, answers, bases, folder = prepared
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                                     HealthCheck.function_scoped_fixture])
    @given(case=submissions(bases))
    def grade_one(case):
        _, content, suffix = case
        path = folder / f"submission{suffix}"
        for stale in folder.iterdir():
            stale.unlink()
        if content is not None:
            path.write_bytes(content)
        assert_same_verdict(competition, path, answers, f"fuzzed {suffix} file")

    grade_one()


@pytest.mark.parametrize("ids", [
    ["a", "b", "c", "d"],
    ["ä", "b", "日本", "d"],
    ["0012", "012", "12", "1"],  # leading zeros stay text: no two of these are the same id
])
@pytest.mark.parametrize("kind", ["permutation", "duplicate", "unknown"])
def test_arrow_codes_match_the_index_lookup(ids, kind):
    answers = pd.DataFrame({"id": pd.array(ids, dtype="string[pyarrow]"), "y": [0.1, 0.2, 0.3, 0.4]})
    given_ids = {"permutation": [ids[i] for i in (3, 1, 0, 2)], "duplicate": [ids[0], ids[0], ids[1], ids[2]],
                 "unknown": ["zz", ids[1], ids[2], ids[3]]}[kind]
    submission = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "id": pd.array(given_ids, dtype="string[pyarrow]")})
    fast = submission_checks._positions_by_bytes(submission["id"], answers["id"])
    matched = submission_checks._matched_by_hash(submission, answers, "id")
    if kind == "duplicate":
        assert fast is None and matched is None
        return
    assert fast.tolist() == pd.Index(submission["id"]).get_indexer(pd.Index(answers["id"])).tolist()
    if kind == "unknown":
        assert matched is None, "a refused match falls back to the sorting path, which gives the reason"
        return
    sub, ans = matched
    assert list(sub.columns) == ["y", "id"] and sub["id"].tolist() == ids and sub["y"].tolist() == [3.0, 2.0, 4.0, 1.0]
    assert sub["id"].dtype == submission["id"].dtype and ans["id"].tolist() == ids


def test_answers_read_as_arrow_text_take_the_fast_path(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("id,y\n00a,1\n00b,2\n")
    assert submission_checks._arrow_strings(read_csv(path)["id"]), "pandas' default text dtype here is arrow-backed"


def _text(values: list[str]) -> pd.Series:
    return pd.Series(pd.array(values, dtype="string[pyarrow]"))


@pytest.mark.parametrize("ids", [
    [f"{n:032x}" for n in range(6)],  # one width: the bytes are viewed, not copied
    ["a", "bb", "ccc", "dddddddddd", "", "日本語のID"],  # ragged, empty and multi-byte ids
])
def test_packed_ids_match_the_index_lookup_in_any_order(ids):
    rng = np.random.default_rng(3)
    for order in (np.arange(len(ids)), rng.permutation(len(ids))):
        given = [ids[i] for i in order]
        fast = submission_checks._positions_by_bytes(_text(given), _text(ids))
        assert fast.tolist() == pd.Index(given).get_indexer(pd.Index(ids)).tolist()


def test_ids_that_differ_only_in_trailing_zero_bytes_or_length_stay_apart():
    ids = ["ab", "ab\x00", "ab\x00\x00\x00\x00\x00\x00", "abcdefgh", "abcdefgh\x00"]
    given = ids[::-1]
    fast = submission_checks._positions_by_bytes(_text(given), _text(ids))
    assert fast.tolist() == [4, 3, 2, 1, 0]


def test_a_hash_collision_never_pairs_two_different_ids(monkeypatch):
    # Every id of one length hashes alike: the lookup must notice, not pair "aa" with "bb".
    monkeypatch.setattr(submission_checks, "_hashed", lambda words: words[-1].copy())
    assert submission_checks._positions_by_bytes(_text(["bb", "c"]), _text(["aa", "c"])) is None
    assert submission_checks._positions_by_bytes(_text(["bb", "aa"]), _text(["aa", "bb"])) is None  # not unique


def test_repeated_answer_ids_are_left_to_the_sorting_path():
    assert submission_checks._positions_by_bytes(_text(["a", "b"]), _text(["a", "a"])) is None


@pytest.mark.parametrize(("given", "wanted"), [
    ([12, 10, 11, 13], [10, 11, 12, 13]),  # numbered rows, shuffled
    ([5, 7, 6], [5, 6, 9]),  # an unknown id
    ([10**12, 3, 7], [3, 7, 10**12]),  # a range far wider than the count: left to the Index
])
def test_integer_ids_by_direct_address_match_the_index_lookup(given, wanted):
    fast = submission_checks._positions_in_range(pd.Series(given), pd.Series(wanted))
    expected = pd.Index(given).get_indexer(pd.Index(wanted)).tolist()
    assert fast is None if max(given) > 10**6 else fast.tolist() == expected


def test_repeated_integer_ids_are_left_to_the_sorting_path():
    assert submission_checks._positions_in_range(pd.Series([1, 1, 2]), pd.Series([1, 2, 3])) is None
    assert submission_checks._positions_in_range(pd.Series([1, 2, 3]), pd.Series([1, 1, 2])) is None


def test_ids_pack_alike_whichever_way_they_are_padded():
    # All-ASCII ids are padded by arrow, others by scattering bytes; a shared id must pack to the same words, so an
    # answers file of one kind and a submission of the other still match.
    ascii_only = submission_checks._packed_ids(_text(["ab", "abcdefghij"]))
    with_accent = submission_checks._packed_ids(_text(["ab", "abcdefghij", "é"]))
    assert (ascii_only == with_accent[:, :2]).all()
    fast = submission_checks._positions_by_bytes(_text(["abcdefghij", "ab"]), _text(["ab", "abcdefghij"]))
    assert fast.tolist() == [1, 0]
