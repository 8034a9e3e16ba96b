"""Regression and correlation metrics against hand-worked values or independent numpy/pandas computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.metrics import regression as r


def test_mean_columnwise_rmse_by_hand():
    # column 1 errors (1, 1) -> 1; column 2 errors (0, 2) -> sqrt(2)
    assert r.mean_columnwise_rmse([[0, 0], [0, 0]], [[1, 0], [1, 2]]) == pytest.approx((1 + math.sqrt(2)) / 2)


def test_log_mae_by_group_by_hand_and_minus_inf_without_floor():
    # group a: |1-2|, |3-3| -> MAE 0.5; group b: |10-14| -> 4
    score = r.log_mae_by_group([1, 3, 10], [2, 3, 14], ["a", "a", "b"])
    assert score == pytest.approx((math.log(0.5) + math.log(4)) / 2)
    assert r.log_mae_by_group([1, 2], [1, 5], ["a", "b"]) == -math.inf


def test_mean_angular_error_against_vectors():
    rng = np.random.default_rng(1)
    az1, az2 = rng.uniform(0, 2 * np.pi, (2, 50))
    ze1, ze2 = rng.uniform(0, np.pi, (2, 50))

    def unit(az, ze):
        return np.stack([np.sin(ze) * np.cos(az), np.sin(ze) * np.sin(az), np.cos(ze)], axis=1)

    u, v = unit(az1, ze1), unit(az2, ze2)
    angles = np.arctan2(np.linalg.norm(np.cross(u, v), axis=1), (u * v).sum(axis=1))  # no arccos, no clip
    assert r.mean_angular_error(az1, ze1, az2, ze2) == pytest.approx(angles.mean())


def test_haversine_quarter_meridian_and_trip_quantiles():
    # pole to equator along a meridian: a quarter of the circumference
    assert r.haversine_m(0, 0, 90, 0) == pytest.approx(math.pi / 2 * 6_371_000)
    one_degree = math.pi / 180 * 6_371_000
    # trip A errors 0, 1, 2 degrees of latitude -> p50 1, p95 1.9; trip B error 0 -> 0
    score = r.average_haversine_quantiles(
        ["A", "A", "B", "A"], [0, 0, 5, 0], [0, 0, 0, 0], [0, 1, 5, 2], [0, 0, 0, 0]
    )
    assert score == pytest.approx(((1 + 1.9) / 2 * one_degree + 0) / 2)


def test_pearson_against_pandas_and_nan_for_constant():
    rng = np.random.default_rng(2)
    x, y = rng.random(30), rng.random(30)
    assert r.pearson(x, y) == pytest.approx(pd.Series(x).corr(pd.Series(y)))
    assert math.isnan(r.pearson(x, np.zeros(30)))


def test_columnwise_spearman_against_pandas_ranks_and_nan_for_a_constant_column():
    rng = np.random.default_rng(3)
    t, p = np.round(rng.random((40, 3)), 1), np.round(rng.random((40, 3)), 1)  # rounding makes ties
    expected = np.mean([pd.Series(t[:, j]).corr(pd.Series(p[:, j]), method="spearman") for j in range(3)])
    assert r.columnwise_spearman(t, p) == pytest.approx(expected)
    p[:, 1] = 0.5
    assert math.isnan(r.columnwise_spearman(t, p))


def test_columnwise_spearman_ranks_a_text_column_in_string_order():
    t = np.array([[1.0], [2.0], [3.0], [4.0]])
    text = np.array([["9"], ["10"], ["abc"], ["2"]], dtype=object)
    # String order: "10" < "2" < "9" < "abc" -> ranks 3, 1, 4, 2 against 1, 2, 3, 4.
    # rho = 1 - 6 * sum(d^2) / (n (n^2 - 1)) = 1 - 6 * (4 + 1 + 1 + 4) / 60 = 0.
    assert r.columnwise_spearman(t, text) == pytest.approx(0.0)
    numbers = np.array([[9.0], [10.0], [11.0], [2.0]])  # numeric order: ranks 2, 3, 4, 1 -> rho 0.2
    assert r.columnwise_spearman(t, numbers) == pytest.approx(1 - 6 * (1 + 1 + 1 + 9) / 60)
    assert math.isnan(r.columnwise_spearman(t, np.array([["9"], [np.nan], ["abc"], ["2"]], dtype=object)))


def test_laplace_log_likelihood_by_hand_with_floor_and_cap():
    # row 1: sigma 100, delta 50; row 2: sigma floored to 70, delta capped at 1000
    expected = np.mean([
        -math.sqrt(2) * 50 / 100 - math.log(math.sqrt(2) * 100),
        -math.sqrt(2) * 1000 / 70 - math.log(math.sqrt(2) * 70),
    ])
    assert r.laplace_log_likelihood([2000, 2000], [2050, 5000], [100, 10]) == pytest.approx(expected)
