"""The LCMCR Gibbs sweep, compiled with numba (one chain per call).

Kept apart from `lcmcr.py` so the compiled code is small and cached on disk (`cache=True`): the first
call in a fresh environment compiles for a few seconds, later ones load from the cache. Steps follow
LCMCR 0.4.14's `CNPLCM_CR_Basic_Freq::Update` (ALGORITHMS.md 3.1); randomness comes only from the
`seed` argument (numba's own generator, seeded inside the compiled function).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

ALPHA_MIN = 1e-10


@njit(cache=True)
def _log_gamma_draw(a: float) -> float:
    """log of a Gamma(a, 1) draw, exact for small shapes (Robert & Casella: G(a) = G(1+a) U^(1/a))."""
    if a < 0.5:
        return math.log(np.random.gamma(1.0 + a, 1.0)) + math.log(np.random.random()) / a
    return math.log(np.random.gamma(a, 1.0))


@njit(cache=True)
def _log_beta_pair(a: float, b: float) -> tuple[float, float]:
    """(log V, log(1 - V)) for V ~ Beta(a, b), finite even when a or b is tiny."""
    la = _log_gamma_draw(a)
    lb = _log_gamma_draw(b)
    m = max(la, lb)
    lse = m + math.log(math.exp(la - m) + math.exp(lb - m))
    return la - lse, lb - lse


@njit(cache=True)
def _multinomial(n: int, logw: np.ndarray, out: np.ndarray, w: np.ndarray) -> None:
    """out ~ Multinomial(n, softmax(logw)) by sequential binomials (w: scratch space)."""
    k = logw.shape[0]
    if n == 0:
        out[:] = 0
        return
    m = logw.max()
    rest = 0.0
    for i in range(k):
        w[i] = math.exp(logw[i] - m)
        rest += w[i]
    left = n
    for i in range(k - 1):
        if left == 0:
            out[i] = 0
            continue
        p = min(max(w[i] / rest, 0.0), 1.0) if rest > 0 else 0.0
        x = np.random.binomial(left, p)
        out[i] = x
        left -= x
        rest -= w[i]
    out[k - 1] = left


@njit(cache=True)
def run_chain(x: np.ndarray, f: np.ndarray, K: int, a_alpha: float, b_alpha: float, burnin: int,
              samples: int, thinning: int, seed: int, warmup: int, cap: int, init_n0: int) -> tuple:
    """One chain: returns the trace of N, of alpha, and how often the N <= 21 n cap had to redraw.

    `init_n0` >= 0 starts from random capture probabilities and that unobserved count instead of
    LCMCR's start (marginal frequencies, n0 = 0; init_n0 = -1), so that chains can land in different
    modes and R-hat can see it.
    """
    np.random.seed(seed)
    M, J = x.shape
    n = f.sum()
    # initialise: lambda at the marginal frequencies, sticks from Beta(1, 1), alpha = 0.3 / K
    lam = np.empty((J, K))
    for j in range(J):
        frac = (x[:, j] * f).sum() / n
        for k in range(K):
            lam[j, k] = np.random.beta(1.0, 1.0) if init_n0 >= 0 else frac
    logpi = np.empty(K)
    rem = 0.0
    for k in range(K):
        if k < K - 1:
            lv, l1v = _log_beta_pair(1.0, 1.0)
        else:
            lv, l1v = 0.0, -np.inf
        logpi[k] = rem + lv
        rem += l1v
    order = np.argsort(-logpi)
    logpi = logpi[order]
    alpha = 0.3 / K
    c = np.zeros((M, K), dtype=np.int64)
    c0 = np.zeros(K, dtype=np.int64)
    n0 = max(init_n0, 0)
    if n0 > 0:
        c0[:] = np.random.multinomial(n0, np.exp(logpi) / np.exp(logpi).sum())
    logw = np.empty(K)
    tmp = np.zeros(K, dtype=np.int64)
    scratch = np.empty(K)
    loglam = np.empty((J, K))
    log1m = np.empty((J, K))
    nk = np.empty(K, dtype=np.int64)
    trace = np.empty(samples, dtype=np.int64)
    alphas = np.empty(samples)
    capped = 0
    total = warmup + burnin + samples * thinning
    kept = 0
    for it in range(total):
        for j in range(J):
            for k in range(K):
                loglam[j, k] = math.log(lam[j, k])
                log1m[j, k] = math.log1p(-lam[j, k])
        # 1. allocate observed cells to classes
        for m in range(M):
            for k in range(K):
                s = logpi[k]
                for j in range(J):
                    s += loglam[j, k] if x[m, j] == 1 else log1m[j, k]
                logw[k] = s
            _multinomial(f[m], logw, tmp, scratch)
            for k in range(K):
                c[m, k] = tmp[k]
        # 2. lambda
        nk[:] = c0
        for m in range(M):
            for k in range(K):
                nk[k] += c[m, k]
        for j in range(J):
            for k in range(K):
                on = 0
                for m in range(M):
                    if x[m, j] == 1:
                        on += c[m, k]
                la, l1 = _log_beta_pair(1.0 + on, 1.0 + nk[k] - on)
                lam[j, k] = min(max(math.exp(la), 1e-300), 1.0 - 1e-16)
        # 3. stick-breaking weights
        big_n = n + n0
        cum = 0
        rem = 0.0
        for k in range(K):
            cum += nk[k]
            if k < K - 1:
                lv, l1v = _log_beta_pair(1.0 + nk[k], alpha + big_n - cum)
            else:
                lv, l1v = 0.0, -np.inf
            logpi[k] = rem + lv
            rem += l1v
        # 4-6. unobserved count and its classes
        for k in range(K):
            s = logpi[k]
            for j in range(J):
                s += math.log1p(-lam[j, k])
            logw[k] = s
        mx = logw.max()
        p0 = 0.0
        for k in range(K):
            p0 += math.exp(logw[k] - mx)
        p0 *= math.exp(mx)
        p0 = min(p0, 1.0 - 1e-12)
        while p0 > 1e-300:  # n0 ~ NegBin(n, 1 - p0) as a Poisson-Gamma mixture
            n0 = np.random.poisson(np.random.gamma(n, p0 / (1.0 - p0)))
            if n0 <= cap * n:
                break
            capped += 1
        else:
            n0 = 0
        _multinomial(n0, logw, c0, scratch)
        # 7. concentration
        if it >= warmup:
            rate = b_alpha - logpi[K - 1]
            # floor: with one class left, alpha can drift towards 0 until log(1 - V) underflows
            alpha = max(np.random.gamma(a_alpha + K - 1, 1.0 / rate), ALPHA_MIN) if rate < 1e300 else ALPHA_MIN
        if it >= warmup + burnin and (it - warmup - burnin + 1) % thinning == 0:
            trace[kept] = n + n0
            alphas[kept] = alpha
            kept += 1
    return trace, alphas, capped
