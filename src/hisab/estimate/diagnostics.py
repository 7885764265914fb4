"""MCMC diagnostics over chains: split R-hat and effective sample size (Gelman et al., BDA3 11.4-11.5)."""

from __future__ import annotations

import numpy as np


def split_rhat(chains: np.ndarray) -> float:
    """Split R-hat of draws shaped (chains, draws); NaN with fewer than 4 draws per chain."""
    c = np.asarray(chains, dtype=float)
    half = c.shape[1] // 2
    if half < 2:
        return float("nan")
    parts = np.concatenate([c[:, :half], c[:, half: 2 * half]], axis=0)
    n = parts.shape[1]
    means = parts.mean(axis=1)
    w = parts.var(axis=1, ddof=1).mean()
    b = n * means.var(ddof=1)
    if w == 0:
        return 1.0 if b == 0 else float("inf")
    var_plus = (n - 1) / n * w + b / n
    return float(np.sqrt(var_plus / w))


def rank_rhat(chains: np.ndarray) -> float:
    """Rank-normalised split R-hat, max of bulk and folded tail (Vehtari et al. 2021, Bayesian Anal.)."""
    from scipy.stats import norm, rankdata

    c = np.asarray(chains, dtype=float)

    def z(values: np.ndarray) -> np.ndarray:
        r = rankdata(values, method="average").reshape(values.shape)
        return norm.ppf((r - 0.375) / (values.size + 0.25))

    bulk = split_rhat(z(c))
    tail = split_rhat(z(np.abs(c - np.median(c))))
    return float(max(bulk, tail))


def ess(chains: np.ndarray) -> float:
    """Effective sample size with Geyer's initial positive sequence on the pooled autocorrelation."""
    c = np.asarray(chains, dtype=float)
    m, n = c.shape
    if n < 4:
        return float(m * n)
    centred = c - c.mean(axis=1, keepdims=True)
    size = 1 << int(np.ceil(np.log2(2 * n)))
    spec = np.fft.rfft(centred, size, axis=1)
    acov = np.fft.irfft(spec * np.conj(spec), size, axis=1)[:, :n] / n
    w = acov[:, 0].mean() * n / (n - 1)
    b = n * c.mean(axis=1).var(ddof=1) if m > 1 else 0.0
    var_plus = (n - 1) / n * w + b / n
    if var_plus == 0:
        return float(m * n)
    rho = 1 - (w - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    tau = -1.0
    prev = np.inf
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair <= 0:
            break
        pair = min(pair, prev)
        tau += 2 * pair
        prev = pair
    return float(m * n / max(tau, 1e-12))
