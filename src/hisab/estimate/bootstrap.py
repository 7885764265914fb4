"""SparseMSE's bootstrap: multinomial resampling of the observed rows, jackknife acceleration, BCa.

Each replicate re-runs the whole model selection. `bca_limits` is separate so that R's own
replicates can be fed in: given the same replicates, point and acceleration it gives R's limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from hisab.estimate.histories import CaptureHistories


@dataclass(frozen=True)
class Bootstrap:
    replicates: np.ndarray
    ahat: float
    z0: float
    lower: float
    upper: float


def bca_limits(replicates, point: float, ahat: float, alpha=(0.025, 0.975)) -> np.ndarray:
    """BCa quantiles (SparseMSE `bcaconfvalues`; R's quantile type 8)."""
    reps = np.asarray(replicates, dtype=float)
    z0 = norm.ppf(np.mean(reps < point))
    za = norm.ppf(np.asarray(alpha, dtype=float)) + z0
    probs = norm.cdf(z0 + za / (1 - ahat * za))
    return np.quantile(reps, probs, method="median_unbiased")


def jackknife_acceleration(h: CaptureHistories, estimate) -> float:
    """â from leave-one-out estimates of each observed row, weighted by the row's count."""
    counts = h.counts
    jack = np.zeros(len(counts))
    for j in range(len(counts)):
        if counts[j] > 0:
            c = counts.copy()
            c[j] -= 1
            jack[j] = estimate(h.with_counts(c))
    jr = np.sum(counts * jack) / counts.sum() - jack
    return float(np.sum(counts * jr**3) / (6 * np.sum(counts * jr**2) ** 1.5))


def bootstrap_bca(h: CaptureHistories, estimator, point: float, nboot: int, seed: int | None) -> Bootstrap:
    """Resample, re-select and re-estimate `nboot` times; BCa 95% limits."""
    rng = np.random.default_rng(seed)
    n = h.observed
    probs = h.counts / n

    def estimate(t: CaptureHistories) -> float:
        return estimator.point_fit(t).point

    reps = np.array([estimate(h.with_counts(rng.multinomial(n, probs))) for _ in range(nboot)])
    ahat = jackknife_acceleration(h, estimate)
    lo, hi = bca_limits(reps, point, ahat)
    return Bootstrap(reps, ahat, float(norm.ppf(np.mean(reps < point))), float(lo), float(hi))
