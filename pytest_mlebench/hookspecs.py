"""The hooks this plugin calls, for conftest files and other plugins to implement (registered by
`pytest_addhooks`). Neither changes what the harness records; both are notifications."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def pytest_mlebench_run_finished(record: dict[str, Any], item: pytest.Item) -> None:
    """Called after an item's record is saved in its run folder (on the xdist worker that ran the item).

    Args:
        record: the graded record, as the item records it with `record_property` (plain JSON values); a record
            taken over from an earlier session of the run group carries `resumed: true`.
        item: the competition x seed item.
    """


def pytest_mlebench_summary_written(summary: dict[str, Any], reports_dir: Path) -> None:
    """Called once per session, on the controller, after `summary.json` and the other reports are written.

    Args:
        summary: the aggregated results, as in `summary.json`'s `results`.
        reports_dir: the folder of this run group's reports, `<reports-dir>/<run-group>/`.
    """
