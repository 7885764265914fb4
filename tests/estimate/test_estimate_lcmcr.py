"""LCMCR Gibbs sampler: statistical agreement with R's runs (lcmcr_*.csv), diagnostics, seeds.

R's GSL random stream cannot be reproduced, so the checks are statistical: averaged over 5 seeds the
posterior mean must be within 3% of R's long-chain mean and the 95% limits within 8%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hisab.estimate import LCMCR, CaptureHistories, read_capture_csv
from hisab.estimate.diagnostics import ess, rank_rhat, split_rhat
from hisab.estimate.errors import EstimateOptionError
from hisab.shared import shared_dir

ORACLE = shared_dir() / "reference/mse/r-oracle"


def test_kosovo_five_seeds_match_r_long_chain(shared):
    h = read_capture_csv(shared("kosovo/kosovo.csv"))
    long = pd.read_csv(ORACLE / "lcmcr_long.csv")
    r_mean = float(long["mean"].mean())
    r_lo, r_hi = float(long["lo95"].mean()), float(long["hi95"].mean())
    fits = [LCMCR(chains=1, seed=s).fit(h) for s in range(1, 6)]
    mean = np.mean([f.details["mean"] for f in fits])
    lo = np.mean([f.lower for f in fits])
    hi = np.mean([f.upper for f in fits])
    assert abs(mean / r_mean - 1) < 0.03
    assert abs(lo / r_lo - 1) < 0.05 and abs(hi / r_hi - 1) < 0.08
    assert all(any("one chain only" in w for w in f.warnings) for f in fits)


def test_other_tables_match_r(shared):
    rows = pd.read_csv(ORACLE / "lcmcr_others.csv")
    for name in ("Rcapture_HIV", "dga_madigan_york_3list", "SparseMSE_Western"):
        h = read_capture_csv(shared(f"mse-benchmarks/{name}.csv"))
        r = rows[rows["dataset"] == name]
        fit = LCMCR(seed=11, chains=2).fit(h)
        assert fit.ok, fit.status
        assert abs(fit.estimate / r["mean"].mean() - 1) < 0.05, name


def test_ukdat5_chains_disagree_and_no_estimate_is_reported(shared):
    h = read_capture_csv(shared("mse-benchmarks/SparseMSE_UKdat_5.csv"))
    fit = LCMCR(seed=1).fit(h)
    assert not fit.ok and fit.estimate is None
    assert fit.status.startswith("not converged: chains disagree (R-hat")
    assert fit.details["rhat"] > 1.1


def test_same_seed_same_draws():
    h = CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]],
                                     [60, 49, 247, 4, 112, 142, 12])
    kw = {"burnin": 200, "samples": 100, "thinning": 2, "chains": 2}
    a, b = LCMCR(seed=5, **kw).fit(h), LCMCR(seed=5, **kw).fit(h)
    assert np.array_equal(a.draws, b.draws)
    c = LCMCR(seed=6, **kw).fit(h)
    assert not np.array_equal(a.draws, c.draws)
    assert a.draws.min() >= h.observed


def test_diagnostics_on_known_chains():
    rng = np.random.default_rng(0)
    same = rng.normal(size=(4, 1000))
    assert split_rhat(same) == pytest.approx(1.0, abs=0.01)
    assert rank_rhat(same) == pytest.approx(1.0, abs=0.01)
    assert ess(same) == pytest.approx(4000, rel=0.15)
    shifted = same + np.array([[0], [0], [0], [3]])
    assert split_rhat(shifted) > 1.1
    walk = np.cumsum(rng.normal(size=(2, 1000)), axis=1)
    assert ess(walk) < 100


@pytest.mark.parametrize("kw", [{"K": 0}, {"samples": 0}, {"thinning": -1}, {"chains": 0}, {"burnin": -5},
                                {"a_alpha": 0}, {"b_alpha": -1.0}, {"K": 2.5}])
def test_bad_options(kw):
    h = CaptureHistories.from_arrays([[1, 0], [0, 1], [1, 1]], [5, 6, 2])
    with pytest.raises(EstimateOptionError):
        LCMCR(**kw).fit(h)
