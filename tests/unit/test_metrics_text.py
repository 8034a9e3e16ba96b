"""Text metrics against hand-worked values and a dynamic-programming edit distance."""

from __future__ import annotations

import pytest

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import text as t


def _edit_distance(a, b) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def test_word_jaccard_by_hand_and_refuses_both_empty():
    # {"hello", "world"} vs {"hello", "there", "world!"}: 1 common of 4
    assert t.word_jaccard("Hello  world", "hello there world!") == pytest.approx(1 / 4)
    assert t.mean_word_jaccard(["a b", "c"], ["a", "c"]) == pytest.approx((1 / 2 + 1) / 2)
    with pytest.raises(InvalidSubmissionError):
        t.word_jaccard(" ", "")


def test_word_set_jaccard_samples_by_hand_both_empty_scores_zero():
    # row 1: {a, b} vs {a}: 1/2; row 2: both empty: 0; row 3: {"x"} vs {"x"}: 1
    assert t.word_set_jaccard_samples(["A b", "", "x"], ["a", "", "X x"]) == pytest.approx((0.5 + 0 + 1) / 3)


def test_mean_levenshtein_against_dynamic_programming():
    pairs = [("kitten", "sitting"), ("InChI=1S/C", "InChI=1S/CH4"), ("", "abc")]
    expected = sum(_edit_distance(a, b) for a, b in pairs) / 3
    assert t.mean_levenshtein([a for a, _ in pairs], [b for _, b in pairs]) == pytest.approx(expected)


def test_sequence_edit_distance_counts_gestures_not_characters():
    # 10 is one symbol: [1, 10, 3] -> [1, 3] is one deletion; [2] -> [] one deletion; total true length 4
    assert t.normalised_sequence_edit_distance([[1, 10, 3], [2]], [[1, 3], []]) == pytest.approx(2 / 4)
    assert _edit_distance([1, 10, 3], [1, 3]) == 1
