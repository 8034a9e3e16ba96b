"""Metrics by family, the registry of metric names (`METRICS`), and the submission checks graders share.

Importing this package loads neither scikit-learn nor scipy: family functions are imported on first access.
"""

from __future__ import annotations

import importlib

from pytest_mlebench.metrics.catalog import (
    ALIASES,
    COMPETITION_SPECIFIC,
    FAMILIES,
    METRICS,
    Metric,
    declared_direction,
    lookup_metric,
)

_FAMILY_OF = {
    name: family
    for family, names in {
        "validity": ("as_numbers", "as_text", "one_hot_log_loss_inputs", "prepare_for_accuracy", "prepare_for_auroc",
                     "require_columns", "require_finite", "require_in_unit_interval",
                     "require_matching_sorted_ids", "require_row_count", "require_rows_sum_to_one",
                     "as_python_ints"),
        "classification": ("roc_auc", "log_loss", "accuracy", "top1_error", "quadratic_weighted_kappa", "f1",
                           "multilabel_micro_f1", "f_beta", "matthews_correlation", "probabilistic_f1",
                           "weighted_auroc", "kl_divergence", "weighted_multilabel_log_loss", "jigsaw_bias_score"),
        "regression": ("rmse", "rmsle", "mae", "r2", "mean_columnwise_rmse", "log_mae_by_group",
                       "mean_angular_error", "haversine_m", "average_haversine_quantiles", "pearson",
                       "columnwise_spearman", "laplace_log_likelihood"),
        "ranking": ("average_precision_at_k", "mean_average_precision_at_k", "label_weighted_lrap",
                    "kendall_tau_orders"),
        "segmentation": ("rle_decode", "rle_encode", "dice", "mean_dice", "global_dice",
                         "iou_threshold_precision", "mean_iou_threshold_precision", "hausdorff_distance",
                         "dice_hausdorff_combo"),
        "detection": ("kuzushiji_f1", "voc_map_at_iou", "box_iou", "coco_map_at_iou", "parse_lyft_boxes",
                      "lyft_sample_maps", "lyft_3d_map"),
        "text": ("mean_word_jaccard", "word_set_jaccard_samples", "mean_levenshtein",
                 "normalised_sequence_edit_distance"),
    }.items()
    for name in names
}


def __getattr__(name: str):
    """Family functions and the shared checks re-exported lazily (`from pytest_mlebench.metrics import roc_auc` imports sklearn then)."""
    family = _FAMILY_OF.get(name)
    if family is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{family}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_FAMILY_OF})


__all__ = [
    "ALIASES", "COMPETITION_SPECIFIC", "FAMILIES", "METRICS", "Metric", "declared_direction", "lookup_metric",
    *_FAMILY_OF,
]
