"""One check over every estimator (scikit-learn's common tests): shape, seeds, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hisab.errors import UserError
from hisab.estimate import DGA, LCMCR, CaptureHistories, ClosedP, LogLinearSearch, SparseMSE

TABLE = CaptureHistories.from_arrays(
    [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]], [60, 49, 247, 4, 112, 142, 12],
    ["L1", "L2", "L3"])
ESTIMATORS = [
    lambda seed: ClosedP(seed=seed), lambda seed: LogLinearSearch(seed=seed), lambda seed: SparseMSE(seed=seed),
    lambda seed: SparseMSE(nboot=20, seed=seed), lambda seed: DGA(seed=seed),
    lambda seed: LCMCR(seed=seed, burnin=1000, samples=300, thinning=5, chains=2),
]


@pytest.mark.parametrize("make", ESTIMATORS)
def test_shape_and_reproducibility(make):
    a, b = make(7).fit(TABLE), make(7).fit(TABLE)
    assert a.estimate == b.estimate and a.interval == b.interval
    lo, hi = a.interval
    assert a.estimate >= TABLE.observed and math.isfinite(a.estimate)
    assert lo is not None and hi is not None and lo <= a.estimate <= hi
    assert isinstance(a.summary(), str) and f"{TABLE.observed:,}" in a.summary()


@pytest.mark.parametrize("make", ESTIMATORS)
def test_init_does_no_work_and_stores_parameters(make):
    est = make(3)
    assert est.seed == 3


@pytest.mark.parametrize("make", ESTIMATORS)
def test_fit_refuses_non_tables(make):
    with pytest.raises(UserError, match="expected capture histories"):
        make(1).fit(np.array([[1, 0], [0, 1]]))


def test_results_are_frozen():
    r = SparseMSE().fit(TABLE)
    with pytest.raises(AttributeError):
        r.estimate = 1.0
