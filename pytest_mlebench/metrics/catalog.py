"""The metric names a competition config may declare, each with its direction, family and function.

Importing this module loads no family: scikit-learn and scipy are imported when a metric's function is first used.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from dataclasses import dataclass

FAMILIES = ("classification", "regression", "ranking", "segmentation", "detection", "text")


@dataclass(frozen=True)
class Metric:
    """A metric as MLE-bench grades with it: `function_name` in the `family` module, and what it refuses."""

    name: str
    family: str
    function_name: str
    higher_is_better: bool
    checks: str = "none beyond the grader's alignment"

    @property
    def function(self) -> Callable[..., float]:
        """The implementing function (imports its family module on first use)."""
        return getattr(importlib.import_module(f"{__package__}.{self.family}"), self.function_name)


def _m(name: str, family: str, function_name: str, higher: bool, checks: str = Metric.checks) -> Metric:
    return Metric(name, family, function_name, higher, checks)


_CANONICAL = [
    # classification
    _m("auc-roc", "classification", "roc_auc", True, "sklearn refuses NaN and a single true class"),
    _m("auroc-multi-label", "classification", "roc_auc", True, "macro average over columns"),
    _m("mean-column-wise-roc-auc", "classification", "roc_auc", True, "macro average over columns"),
    _m("weighted-auroc", "classification", "weighted_auroc", True),
    _m("log-loss", "classification", "log_loss", False, "probabilities clipped to machine epsilon"),
    _m("multi-class-log-loss", "classification", "log_loss", False, "probabilities clipped to machine epsilon"),
    _m("weighted-multi-label-log-loss", "classification", "weighted_multilabel_log_loss", False,
       "probabilities clipped to [1e-15, 1 - 1e-15]"),
    _m("KL-divergence", "classification", "kl_divergence", False, "predictions clipped to [1e-15, 1 - 1e-15]"),
    _m("accuracy", "classification", "accuracy", True),
    _m("top-1-classification-error", "classification", "top1_error", False),
    _m("quadratic-weighted-kappa", "classification", "quadratic_weighted_kappa", True),
    _m("macro-f1-score", "classification", "f1", True, "average='macro'"),
    _m("micro-f1-score", "classification", "multilabel_micro_f1", True,
       "labels outside the answers' vocabulary are dropped; single-label graders call f1(average='micro')"),
    _m("f0.5-score", "classification", "f_beta", True, "beta=0.5"),
    _m("matthews-correlation-coefficient", "classification", "matthews_correlation", True),
    _m("probabilistic-f1-score", "classification", "probabilistic_f1", True, "predictions clipped to [0, 1]"),
    _m("jigsaw-unintended-bias-in-toxicity-classification-score", "classification", "jigsaw_bias_score", True,
       "inputs thresholded at 0.5; a subgroup with one class only raises"),
    # regression
    _m("root-mean-squared-error", "regression", "rmse", False),
    _m("root-mean-squared-log-error", "regression", "rmsle", False, "sklearn refuses values below -1"),
    _m("mean-column-wise-rmsle", "regression", "rmsle", False, "sklearn refuses values below -1"),
    _m("mean-columnwise-root-mean-squared-error", "regression", "mean_columnwise_rmse", False),
    _m("mean-absolute-error", "regression", "mae", False),
    _m("log-mean-absolute-error", "regression", "log_mae_by_group", False, "no floor: an exact group gives -inf"),
    _m("r2", "regression", "r2", True),
    _m("mean-angular-error", "regression", "mean_angular_error", False),
    _m("average-haversine-distance", "regression", "average_haversine_quantiles", False),
    _m("pearson-correlation-coefficient", "regression", "pearson", True, "a constant input gives NaN"),
    _m("column-wise-spearman", "regression", "columnwise_spearman", True,
       "a constant column gives NaN; a text column is ranked in string order"),
    _m("modified-laplace-log-likelihood", "regression", "laplace_log_likelihood", True),
    # ranking
    _m("MAP@5", "ranking", "mean_average_precision_at_k", True, "k=5"),
    _m("MAP@12", "ranking", "mean_average_precision_at_k", True, "k=12"),
    _m("label-ranking-average-precision", "ranking", "label_weighted_lrap", True, "rows without positives dropped"),
    _m("kendall-tau", "ranking", "kendall_tau_orders", True, "a true cell missing from the prediction is refused"),
    # segmentation
    _m("dice-coefficient", "segmentation", "mean_dice", True, "rle_decode refusals; both empty scores 1"),
    _m("global-dice", "segmentation", "global_dice", True, "rle_decode refusals; all empty gives NaN"),
    _m("dice-hausdorff-combo", "segmentation", "dice_hausdorff_combo", True, "rle_decode refusals"),
    _m("mean-precision-intersection-over-union-at-different-thresholds", "segmentation",
       "mean_iou_threshold_precision", True, "rle_decode refusals"),
    # detection
    _m("kuzushiji-point-in-box-f1", "detection", "kuzushiji_f1", True, "label groups of 3; numeric coordinates"),
    _m("siim-covid-map-at-iou-0.5", "detection", "voc_map_at_iou", True, "groups of 6; numeric values"),
    _m("vinbigdata-map-at-iou-0.4", "detection", "coco_map_at_iou", True,
       "COCOeval (pycocotools) with iouThrs=[0.4] on xyxy boxes read as xywh"),
    # text
    _m("jaccard-similarity", "text", "mean_word_jaccard", True, "a row with no words on either side is refused"),
    _m("word-level-jaccard-score", "text", "word_set_jaccard_samples", True),
    _m("levenshtein-distance", "text", "mean_levenshtein", False),
    _m("normalised-levenshtein-distance", "text", "normalised_sequence_edit_distance", False),
]

ALIASES = {
    "root_mean_squared_error": "root-mean-squared-error",
    "map-at-5": "MAP@5",
    "multi-class-classification-accuracy": "accuracy",
    "multi-class accuracy": "accuracy",
    "column-wise ROC AUC": "mean-column-wise-roc-auc",
    "column-wise AUC": "mean-column-wise-roc-auc",
    "column-wise-roc-auc": "mean-column-wise-roc-auc",
    # MLE-bench's kuzushiji config calls its point-in-box F1 plain "f1-score"; no other competition uses it.
    "f1-score": "kuzushiji-point-in-box-f1",
    # MLE-bench's multi-modal-gesture-recognition config misspells its grader's name.
    "levenhstein-distance": "normalised-levenshtein-distance",
    "mAP-at-IoU>0.4": "vinbigdata-map-at-iou-0.4",
}

_BY_NAME = {m.name: m for m in _CANONICAL}

# Added with their competitions (see metrics/README.md): name -> (higher_is_better, why it lives in the grader).
COMPETITION_SPECIFIC: dict[str, tuple[bool, str]] = {
    "mean-average-precision": (True, "two different computations share the name: Lyft's per-sample 3D mAP "
                                     "(detection.lyft_3d_map, over shapely) and SIIM-COVID's "
                                     "siim-covid-map-at-iou-0.5"),
}

METRICS: dict[str, Metric] = {
    **_BY_NAME,
    **{alias: _BY_NAME[target] for alias, target in ALIASES.items() if target in _BY_NAME},
}
"""Every implemented name a config may declare (canonical names and aliases) -> its Metric."""


def _canonical(name: str) -> str:
    return ALIASES.get(name, name)


def declared_direction(name: str) -> bool:
    """higher_is_better of a declarable metric name; a KeyError names close names where it is unknown."""
    if name in METRICS:
        return METRICS[name].higher_is_better
    if _canonical(name) in COMPETITION_SPECIFIC:
        return COMPETITION_SPECIFIC[_canonical(name)][0]
    known = sorted({*METRICS, *COMPETITION_SPECIFIC, *ALIASES})
    raise KeyError(f"Unknown metric '{name}'. Did you mean: {difflib.get_close_matches(name, known, n=3)}?")


def lookup_metric(name: str) -> Metric:
    """The Metric a name (or alias) stands for; a KeyError says why where there is none."""
    if name in METRICS:
        return METRICS[name]
    if _canonical(name) in COMPETITION_SPECIFIC:
        raise KeyError(f"Metric '{name}' is implemented in its competition's grader: "
                       f"{COMPETITION_SPECIFIC[_canonical(name)][1]}.")
    declared_direction(name)  # raises with close names
    raise AssertionError("unreachable")
