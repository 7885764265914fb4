"""Combining per-stratum estimates into a total.

Bayesian posteriors and bootstrap replicates combine exactly: the total's draws are the sums of the
strata's independent draws. Estimates without draws combine by adding points and variances (normal
approximation). A stratum without an estimate makes the total unavailable, and the status says which.
"""

from __future__ import annotations

import math

import numpy as np

from hisab.estimate.result import EstimateResult, checked, failed

Z95 = 1.959963984540054


def combine(results: list[EstimateResult], seed: int | None = None) -> EstimateResult:
    """The total over strata of one method's results (all for the same method and model choice)."""
    first = results[0]
    n = sum(r.observed for r in results)
    model = first.model if all(r.model == first.model for r in results) else "per-stratum selection"
    bad = [r for r in results if not r.ok]
    params = {**first.params, "strata": [r.stratum for r in results]}
    if bad:
        why = "; ".join(f"stratum {r.stratum}: {r.status}" for r in bad)
        return failed(first.method, model, n, f"not estimated in every stratum ({why})", params=params,
                      stratum="all")
    if all(r.draws is not None for r in results):
        rng = np.random.default_rng(seed)
        size = max(len(r.draws) for r in results)
        total = np.zeros(size)
        for r in results:
            d = np.asarray(r.draws, dtype=float)
            total += d if len(d) == size else rng.choice(d, size=size, replace=True)
        lo, hi = np.quantile(total, [0.025, 0.975])
        point = sum(r.estimate for r in results)
        return checked(first.method, model, n, point, float(lo), float(hi), params=params, draws=total,
                       details={"combination": "sum of draws", "draws": size}, stratum="all")
    ses = [r.details.get("stderr") for r in results]
    if any(s is None for s in ses):
        ses = [(r.upper - r.lower) / (2 * Z95) if r.lower is not None and r.upper is not None else math.nan
               for r in results]
    point = sum(r.estimate for r in results)
    se = math.sqrt(sum(s * s for s in ses))
    return checked(first.method, model, n, point, max(n, point - Z95 * se), point + Z95 * se, params=params,
                   details={"combination": "sum of points, normal approximation", "stderr": se}, stratum="all")
