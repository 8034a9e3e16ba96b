"""Classification metrics as MLE-bench computes them (scikit-learn calls with its arguments, Kaggle reference code).

Each function takes aligned arrays; aligning and checking a submission is the grader's job (see `validity`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from sklearn import metrics as skm
from sklearn.preprocessing import MultiLabelBinarizer

# Kaggle's log-loss style metrics clip probabilities to [1e-15, 1 - 1e-15] (hms, rsna-2022 reference code).
KAGGLE_EPS = 1e-15


def roc_auc(y_true, y_score, **kwargs) -> float:
    """Area under the ROC curve (scikit-learn; `average=` for several columns)."""
    return float(skm.roc_auc_score(y_true, y_score, **kwargs))


def log_loss(y_true, y_pred) -> float:
    """Cross-entropy, natural log; probabilities clipped to machine epsilon, not renormalised (sklearn>=1.5)."""
    return float(skm.log_loss(y_true, y_pred))


def accuracy(y_true, y_pred) -> float:
    """Fraction of exact matches."""
    return float(skm.accuracy_score(y_true, y_pred))


def top1_error(y_true, y_pred) -> float:
    """1 - accuracy (inaturalist-2019)."""
    return 1.0 - accuracy(y_true, y_pred)


def quadratic_weighted_kappa(y_true, y_pred) -> float:
    """Cohen's kappa with quadratic weights over the sorted union of labels seen."""
    return float(skm.cohen_kappa_score(y_pred, y_true, weights="quadratic"))


def f1(y_true, y_pred, average: str) -> float:
    """F1 with scikit-learn's defaults otherwise (labels: the sorted union of both sides; zero_division 0)."""
    return float(skm.f1_score(y_true, y_pred, average=average))


def multilabel_micro_f1(true_labels: Sequence[Sequence[str]], pred_labels: Sequence[Sequence[str]]) -> float:
    """Micro F1 over label sets; the vocabulary is the answers' labels, so unknown predicted labels are dropped.

    MLE-bench fits MultiLabelBinarizer(classes=sorted truth vocabulary) on the answers and transforms the
    submission with it; a predicted label outside the vocabulary is no false positive (facebook, imet, plant-2021).
    """
    vocabulary = sorted({label for labels in true_labels for label in labels})
    binarizer = MultiLabelBinarizer(classes=vocabulary, sparse_output=True)
    y_true = binarizer.fit_transform(true_labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "unknown class(es) ... will be ignored": intended
        y_pred = binarizer.transform(pred_labels)
    return float(skm.f1_score(y_true, y_pred, average="micro"))


def f_beta(y_true, y_pred, beta: float) -> float:
    """F-beta of binary labels (vesuvius: beta 0.5 on flattened masks); 0 when nothing is predicted."""
    return float(skm.fbeta_score(y_true, y_pred, beta=beta))


def matthews_correlation(y_true, y_pred) -> float:
    """Matthews correlation coefficient; 0 when its denominator is 0 (a constant prediction)."""
    return float(skm.matthews_corrcoef(y_true, y_pred))


def probabilistic_f1(y_true, y_score) -> float:
    """Kaggle's pF1 (rsna-breast-cancer): soft counts of the clipped predictions, beta 1, no threshold."""
    labels = np.asarray(y_true, dtype=bool)
    scores = np.clip(np.asarray(y_score, dtype=float), 0, 1)
    ctp = scores[labels].sum()
    cfp = scores[~labels].sum()
    positives = labels.sum()
    precision = ctp / (ctp + cfp) if ctp + cfp else 0.0
    recall = ctp / positives if positives else 0.0
    if precision > 0 and recall > 0:
        return float(2 * precision * recall / (precision + recall))
    return 0.0


def weighted_auroc(y_true, y_score) -> float:
    """ALASKA2's weighted AUC: TPR bands [0, 0.4] weight 2 and [0.4, 1] weight 1, normalised by 1.4."""
    fpr, tpr, _ = skm.roc_curve(np.asarray(y_true, dtype=float), y_score, pos_label=1)
    edges, weights = [0.0, 0.4, 1.0], [2, 1]
    for edge in edges:
        if edge in tpr:
            continue
        i = int(np.argmax(tpr > edge))
        # Linear interpolation of the FPR between the neighbouring ROC points, inserted before tpr[i].
        inserted = fpr[i - 1] + (edge - tpr[i - 1]) * (fpr[i] - fpr[i - 1]) / (tpr[i] - tpr[i - 1])
        fpr, tpr = np.insert(fpr, i, inserted), np.insert(tpr, i, edge)
    total = 0.0
    for lo, hi, weight in zip(edges[:-1], edges[1:], weights, strict=True):
        band = (tpr >= lo) & (tpr <= hi)
        if not band.any():
            continue
        xs = np.append(fpr[band], 1.0)
        ys = np.append(tpr[band], hi) - lo
        total += weight * skm.auc(xs, ys)
    return float(total / np.dot(np.diff(edges), weights))


def kl_divergence(y_true, y_pred) -> float:
    """Row-averaged KL(true || pred), natural log; predictions clipped to [1e-15, 1 - 1e-15], 0 * log 0 = 0 (hms).

    Kaggle's metric sums each row with pandas, which skips NaN: a missing prediction adds nothing to its row.
    """
    true = np.asarray(y_true, dtype=float)
    pred = np.clip(np.asarray(y_pred, dtype=float), KAGGLE_EPS, 1 - KAGGLE_EPS)
    safe_true = np.where(true != 0, true, 1.0)
    terms = np.where(true != 0, true * np.log(safe_true / pred), 0.0)
    return float(np.average(np.nansum(terms, axis=1)))


# rsna-2022-cervical-spine: columns patient_overall, C1..C7; weights (negative, positive) per column.
CERVICAL_WEIGHTS = np.array([[7, 14]] + [[1, 2]] * 7, dtype=np.float32)


def weighted_multilabel_log_loss(y_true, y_pred, weights: np.ndarray = CERVICAL_WEIGHTS) -> float:
    """Per-row weighted binary log loss over the columns, averaged over rows (rsna-2022 cervical spine).

    `weights[j] = (weight when y = 0, weight when y = 1)`; predictions clipped to [1e-15, 1 - 1e-15].
    """
    true = np.asarray(y_true, dtype=float)
    pred = np.clip(np.asarray(y_pred, dtype=float), KAGGLE_EPS, 1 - KAGGLE_EPS)
    loss = -(true * np.log(pred) + (1 - true) * np.log(1 - pred))
    w = np.where(true == 1, weights[:, 1], weights[:, 0])
    return float(np.mean((w * loss).sum(axis=1) / w.sum(axis=1)))


def jigsaw_bias_score(toxicity, prediction, identities, power: float = -5, weight: float = 0.25) -> float:
    """Jigsaw unintended-bias score on 0.5-thresholded inputs: overall AUC and power means of subgroup AUCs.

    `identities` is a (rows, identities) array of the answers' identity columns. Every input is binarised with
    `x >= 0.5` (NaN -> 0) as MLE-bench does, so each AUC is the balanced accuracy of the thresholded prediction.
    A subgroup holding one class only makes roc_auc_score raise ValueError, as in MLE-bench (the grader refuses).
    """
    y = np.asarray(toxicity, dtype=float) >= 0.5
    p = (np.asarray(prediction, dtype=float) >= 0.5).astype(int)
    groups = np.asarray(identities, dtype=float) >= 0.5
    subsets = {"subgroup": [], "bpsn": [], "bnsp": []}
    for column in groups.T:
        rows = {
            "subgroup": column,
            "bpsn": (~y & column) | (y & ~column),
            "bnsp": (y & column) | (~y & ~column),
        }
        for name, mask in rows.items():
            subsets[name].append(skm.roc_auc_score(y[mask].astype(int), p[mask]))
    with np.errstate(divide="ignore"):
        means = [np.power(np.mean(np.power(np.array(aucs), power)), 1 / power) for aucs in subsets.values()]
    overall = skm.roc_auc_score(y.astype(int), p)
    return float(weight * overall + sum(weight * m for m in means))
