"""A competition's submission contract, declared in its config.yaml under `submission:`, and the checks it implies.

The schema holds what MLE-bench's graders check over and over: the id column(s), the target columns with their
type and range, how submission rows are paired with answer rows, and whether extra columns or missing values are
refused. `submission_checks.check_submission` applies it before the grader runs and hands the grader the two frames aligned
row by row; `submission_checks.generic_invalid_cases` derives the broken submissions every such rule must refuse. A grader keeps only
its competition's own checks and the metric.

    submission:
      id: id                  # one column name or a list of them ([] with rows: by-position: no id is read)
      targets: [EAP, HPL]     # default: every answers column that is not an id
      type: probability       # number | probability | label | text | any
      range: [0, 1]           # inclusive bounds; null for an open end (number, probability)
      labels: [cat, dog]      # the allowed values (label)
      rows: by-id             # by-id | by-sorted-id | by-position | grader
      extra_columns: refuse   # refuse | ignore
      nan: refuse             # refuse | allow (number and probability: NaN and infinity; label and text: empty)
      numbers: to_numeric     # to_numeric (pandas.to_numeric) | float (numpy's float cast)

`rows`: by-id requires the same ids on both sides, as sorting both and comparing does (MLE-bench's usual pairing;
unique ids are matched by a hash lookup, in the answers' order), and pairs rows by id;
by-sorted-id sorts both files by the id and pairs row i with row i without comparing the ids (a few MLE-bench
graders: wrong or repeated ids are scored, not refused; unique ids equal on both sides are matched by hash, which
pairs the rows the same way); by-position pairs row i with row i, after requiring the same ids in the same order (with `id: []`, a grader that
never reads an id, row i is simply paired with row i); grader leaves rows to the grader (only columns are
checked). Messages name columns and counts, never answer values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pytest_mlebench.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

TYPES = ("number", "probability", "label", "text", "any")
ROWS = ("by-id", "by-sorted-id", "by-position", "grader")
EXTRA_COLUMNS = ("refuse", "ignore")
NAN = ("refuse", "allow")
NUMBERS = ("to_numeric", "float")

@dataclasses.dataclass(frozen=True)
class SubmissionSchema:
    """The submission contract of one competition (see the module docstring for each field)."""

    id_columns: tuple[str, ...]
    targets: tuple[str, ...] | None = None
    type: str = "any"
    range: tuple[float | None, float | None] | None = None
    labels: tuple[str, ...] | None = None
    rows: str = "by-id"
    extra_columns: str = "refuse"
    nan: str = "refuse"
    numbers: str = "to_numeric"

    def target_columns(self, answers: pd.DataFrame) -> list[str]:
        """The declared targets, or every answers column that is not an id."""
        if self.targets is not None:
            return list(self.targets)
        return [str(c) for c in answers.columns if c not in self.id_columns]

    def columns(self, answers: pd.DataFrame) -> list[str]:
        return list(self.id_columns) + [c for c in self.target_columns(answers) if c not in self.id_columns]


def parse_schema(raw: Any, where: str) -> SubmissionSchema:
    """The schema from config.yaml's `submission:` mapping; `ConfigError` naming the field when it is wrong."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: field 'submission' must be a mapping.")
    unknown = set(raw) - {"id", "targets", "type", "range", "labels", "rows", "extra_columns", "nan", "numbers"}
    if unknown:
        raise ConfigError(f"{where}: field 'submission' has unknown key(s) {sorted(unknown)}.")
    ids = raw.get("id")
    id_columns = (ids,) if isinstance(ids, str) else tuple(ids) if isinstance(ids, list) else None
    if id_columns is None or not all(isinstance(c, str) for c in id_columns):
        raise ConfigError(f"{where}: field 'submission.id' must be a column name or a list of them.")
    if not id_columns and raw.get("rows") != "by-position":
        raise ConfigError(f"{where}: an empty field 'submission.id' (no id read) needs 'submission.rows: by-position'.")
    targets = raw.get("targets")
    if targets is not None and not (isinstance(targets, list) and all(isinstance(t, str) for t in targets)):
        raise ConfigError(f"{where}: field 'submission.targets' must be a list of column names.")

    def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
        value = raw.get(name, default)
        if value not in allowed:
            raise ConfigError(f"{where}: field 'submission.{name}' must be one of {', '.join(allowed)}; got {value!r}.")
        return value

    bounds = raw.get("range")
    if bounds is not None:
        if not (isinstance(bounds, list) and len(bounds) == 2
                and all(b is None or isinstance(b, (int, float)) for b in bounds)):
            raise ConfigError(f"{where}: field 'submission.range' must be [low, high], null for an open end.")
        bounds = tuple(None if b is None else float(b) for b in bounds)
    labels = raw.get("labels")
    if labels is not None:
        if not isinstance(labels, list) or not labels:
            raise ConfigError(f"{where}: field 'submission.labels' must be a non-empty list.")
        labels = tuple(str(label) for label in labels)
    schema = SubmissionSchema(
        id_columns=id_columns,
        targets=tuple(targets) if targets is not None else None,
        type=choice("type", TYPES, "any"),
        range=bounds,
        labels=labels,
        rows=choice("rows", ROWS, "by-id"),
        extra_columns=choice("extra_columns", EXTRA_COLUMNS, "refuse"),
        nan=choice("nan", NAN, "refuse"),
        numbers=choice("numbers", NUMBERS, "to_numeric"),
    )
    if schema.range is not None and schema.type not in ("number", "probability"):
        raise ConfigError(f"{where}: field 'submission.range' applies to types number and probability only.")
    if (schema.labels is not None) != (schema.type == "label"):
        raise ConfigError(f"{where}: type 'label' and field 'submission.labels' go together.")
    return schema
