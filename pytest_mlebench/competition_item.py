"""The one test body behind every competition x seed item: grade the run, record each field, decide.

Not a test file (its name matches no `python_files`): with `--agent`, the plugin collects it itself as the
module `mlebench` (see `pytest_mlebench.collection.competition_module`) and parametrises it.
"""

import pytest

from pytest_mlebench.run_record import junit_properties


def test_competition(competition_id, seed, agent_run, grade_run, fail_on, record_property):
    from pytest_mlebench.item import failure_message  # with grading's pandas: only once an item runs

    record = grade_run(agent_run)
    for name, value in junit_properties(record):
        record_property(name, value)
    message = failure_message(record, fail_on)
    if message:
        pytest.fail(message, pytrace=False)
