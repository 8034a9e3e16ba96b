"""Regression and correlation metrics as MLE-bench computes them (scikit-learn, scipy, Kaggle reference code).

Each function takes aligned arrays; aligning and checking a submission is the grader's job (see `validity`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats
from sklearn import metrics as skm

EARTH_RADIUS_M = 6_371_000


def rmse(y_true, y_pred) -> float:
    """Root mean squared error."""
    return float(np.sqrt(skm.mean_squared_error(y_true, y_pred)))


def rmsle(y_true, y_pred) -> float:
    """Root mean squared log error (log1p); averaged over columns for 2-D input."""
    return float(skm.root_mean_squared_log_error(y_true, y_pred))


def mae(y_true, y_pred) -> float:
    """Mean absolute error."""
    return float(skm.mean_absolute_error(y_true, y_pred))


def r2(y_true, y_pred) -> float:
    """Coefficient of determination."""
    return float(skm.r2_score(y_true, y_pred))


def mean_columnwise_rmse(y_true, y_pred) -> float:
    """MCRMSE: the plain mean of each column's RMSE (stanford-covid-vaccine)."""
    true, pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return float(np.mean([skm.root_mean_squared_error(true[:, j], pred[:, j]) for j in range(true.shape[1])]))


def log_mae_by_group(y_true, y_pred, groups) -> float:
    """Mean over groups (coupling types) of log(MAE); no floor, so an exact group gives -inf (champs)."""
    frame = pd.DataFrame({"true": np.asarray(y_true, float), "pred": np.asarray(y_pred, float), "group": groups})
    per_group = [skm.mean_absolute_error(g["true"], g["pred"]) for _, g in frame.groupby("group", sort=True)]
    with np.errstate(divide="ignore"):
        return float(np.mean(np.log(per_group)))


def mean_angular_error(azimuth_true, zenith_true, azimuth_pred, zenith_pred) -> float:
    """Mean angle in radians between the directions given by (azimuth, zenith) pairs (icecube)."""
    a1, z1, a2, z2 = (np.asarray(v, dtype=float) for v in (azimuth_true, zenith_true, azimuth_pred, zenith_pred))
    dot = np.sin(z1) * np.sin(z2) * (np.cos(a1) * np.cos(a2) + np.sin(a1) * np.sin(a2)) + np.cos(z1) * np.cos(z2)
    return float(np.average(np.abs(np.arccos(np.clip(dot, -1, 1)))))


def haversine_m(lat1, lng1, lat2, lng2) -> np.ndarray:
    """Great-circle distance in metres between points given in degrees (Earth radius 6,371 km)."""
    lat1, lng1, lat2, lng2 = (np.deg2rad(np.asarray(v, dtype=float)) for v in (lat1, lng1, lat2, lng2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))


def average_haversine_quantiles(trips, lat_true, lng_true, lat_pred, lng_pred) -> float:
    """Mean over trips of the mean of the 50th and 95th percentile haversine errors (smartphone-decimeter-2022).

    Rows are paired positionally; `trips` names each row's trip. NaN coordinates give a NaN score.
    """
    distances = pd.Series(haversine_m(lat_true, lng_true, lat_pred, lng_pred))
    trip_ids = pd.Series(np.asarray(trips))
    scores = [
        np.mean([np.quantile(d, 0.5), np.quantile(d, 0.95)])
        for d in (distances[trip_ids == trip].to_numpy() for trip in trip_ids.unique())
    ]
    return float(np.mean(scores))


def pearson(y_true, y_pred) -> float:
    """Pearson's r (scipy); NaN for a constant input, as MLE-bench keeps it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        return float(stats.pearsonr(y_true, y_pred)[0])


def columnwise_spearman(y_true, y_pred) -> float:
    """Mean over columns of Spearman's rho (average ranks for ties); a constant column makes the mean NaN.

    Predicted columns are ranked as scipy ranks them in MLE-bench's grader: a column holding any text (one
    non-number makes pandas read the whole column as text) is ranked in string order ('10' before '9'), and a
    missing value makes its column's rho, and so the mean, NaN.
    """
    true = np.asarray(y_true, dtype=float)
    pred = np.asarray(y_pred, dtype=object)
    columns = [
        pred[:, j] if any(isinstance(v, str) for v in pred[:, j]) else pred[:, j].astype(float)
        for j in range(pred.shape[1])
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN in a column: scipy's result is NaN, as intended
        rhos = [stats.spearmanr(column, true[:, j]).statistic for j, column in enumerate(columns)]
    return float(np.mean(rhos))


def laplace_log_likelihood(fvc_true, fvc_pred, confidence) -> float:
    """OSIC's modified Laplace log likelihood: sigma floored at 70, error capped at 1000; higher is better."""
    sigma = np.maximum(np.asarray(confidence, dtype=float), 70)
    delta = np.minimum(np.abs(np.asarray(fvc_true, dtype=float) - np.asarray(fvc_pred, dtype=float)), 1000)
    return float(np.mean(-np.sqrt(2) * delta / sigma - np.log(np.sqrt(2) * sigma)))
