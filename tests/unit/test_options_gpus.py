"""Option parsing and GPU assignment, without a pytest session."""

import pytest

from pytest_mlebench.gpus import gpus_for_worker, parse_gpus
from pytest_mlebench.options import parse_duration, parse_seeds


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("30m", 1800), ("24h", 86400), ("1.5h", 5400), (5, 5)])
def test_durations(text, seconds):
    assert parse_duration(text, "--time-limit") == seconds


@pytest.mark.parametrize("text", ["soon", "-3", "0", "5x"])
def test_bad_durations_name_the_option(text):
    with pytest.raises(pytest.UsageError, match="--time-limit"):
        parse_duration(text, "--time-limit")


def test_seeds():
    assert parse_seeds("3", "--seeds") == (0, 1, 2)
    assert parse_seeds("0,3,7", "--seeds") == (0, 3, 7)
    for bad in ("x", "0,0", "0", "-1,2"):
        with pytest.raises(pytest.UsageError, match="--seeds"):
            parse_seeds(bad, "--seeds")


def test_gpu_round_robin_per_worker():
    gpus = parse_gpus("0,1,2")
    assert [gpus_for_worker(gpus, f"gw{i}") for i in range(5)] == [("0",), ("1",), ("2",), ("0",), ("1",)]
    assert gpus_for_worker(gpus, None) == ("0", "1", "2")
    assert gpus_for_worker((), "gw3") == ()
    assert parse_gpus("auto") is None and parse_gpus("none") == ()
    with pytest.raises(ValueError):
        parse_gpus("first")
