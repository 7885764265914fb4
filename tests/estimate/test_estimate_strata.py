"""Combining strata: sums of draws for Bayesian methods, sums of points and variances otherwise."""

from __future__ import annotations

import numpy as np
import pytest

from hisab.estimate import CaptureHistories
from hisab.estimate.result import EstimateResult, failed
from hisab.estimate.run import Settings, run
from hisab.estimate.strata import combine


def res(est, lo, hi, draws=None, stratum="s", stderr=None):
    details = {"stderr": stderr} if stderr is not None else {}
    return EstimateResult("m", "x", 100, est, lo, hi, draws=draws, stratum=stratum, details=details)


def test_draws_are_summed():
    a = res(1000.0, 900, 1100, draws=np.full(100, 1000.0), stratum="a")
    b = res(500.0, 400, 600, draws=np.full(100, 500.0), stratum="b")
    total = combine([a, b])
    assert total.estimate == 1500.0 and total.lower == 1500.0 and total.upper == 1500.0
    assert total.stratum == "all" and total.observed == 200


def test_points_and_variances_are_summed():
    a = res(1000.0, 900, 1100, stderr=30.0)
    b = res(500.0, 400, 600, stderr=40.0)
    total = combine([a, b])
    assert total.estimate == 1500.0
    assert total.upper - total.estimate == pytest.approx(1.959963984540054 * 50.0)


def test_a_failed_stratum_fails_the_total_and_says_which():
    a = res(1000.0, 900, 1100, stderr=30.0, stratum="Homs")
    b = failed("m", "x", 50, "chains disagree", stratum="Idlib")
    total = combine([a, b])
    assert not total.ok and "stratum Idlib: chains disagree" in total.status


def test_run_by_strata_lists_total_then_strata():
    tables = {
        "a": CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]],
                                          [60, 50, 40, 10, 12, 9]),
        "b": CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]],
                                          [30, 20, 25, 6, 5, 4]),
    }
    out = run(tables, "dga", Settings(seed=2))
    assert [r.stratum for r in out] == ["all", "a", "b"]
    assert out[0].estimate == pytest.approx(out[1].estimate + out[2].estimate)
    assert out[0].lower <= out[0].estimate <= out[0].upper
