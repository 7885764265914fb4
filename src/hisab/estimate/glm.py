"""Poisson log-linear regression that follows R's `glm.fit` step by step.

R's answers (Rcapture, SparseMSE) depend on where its IRLS stops, not only on the optimum: the
standard errors come from the QR of the *last* weighted least-squares step, whose weights were
computed before the final update. To agree with R to 1e-6 we therefore repeat its algorithm exactly:
start from mu = y + 0.1, stop when |dev - dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations,
columns that are linearly dependent on earlier ones are aliased (R's limited pivoting, tolerance 1e-11).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

EPSILON = 1e-8
MAXIT = 25
DOUBLE_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class PoissonFit:
    """A fitted Poisson GLM: coefficients (NaN where aliased), covariance of the estimable ones."""

    coef: np.ndarray
    cov: np.ndarray  # (p, p), NaN rows/cols for aliased columns
    mu: np.ndarray
    eta: np.ndarray
    deviance: float
    aic: float
    rank: int
    df_residual: int
    converged: bool
    iterations: int
    aliased: np.ndarray

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))


def _dev(y: np.ndarray, mu: np.ndarray) -> float:
    pos = y > 0
    r = 2.0 * (-(y - mu))
    r[pos] += 2.0 * y[pos] * np.log(y[pos] / mu[pos])
    return float(r.sum())


def _aliased_columns(xw: np.ndarray, tol: float) -> np.ndarray:
    """Columns that are (numerically) combinations of earlier columns, like LINPACK dqrdc2."""
    p = xw.shape[1]
    aliased = np.zeros(p, dtype=bool)
    kept: list[int] = []
    q = np.zeros((xw.shape[0], 0))
    for j in range(p):
        col = xw[:, j]
        norm = np.linalg.norm(col)
        resid = col - q @ (q.T @ col) if kept else col
        resid = resid - q @ (q.T @ resid) if kept else resid
        rn = np.linalg.norm(resid)
        if norm == 0 or rn < tol * norm:
            aliased[j] = True
            continue
        kept.append(j)
        q = np.column_stack([q, resid / rn])
    return aliased


def poisson_glm(x: np.ndarray, y: np.ndarray, offset: np.ndarray | None = None) -> PoissonFit:
    """Fit log(mu) = offset + x @ beta to counts y as R's `glm(family = poisson)` does."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _irls(x, y, offset)


def _irls(x: np.ndarray, y: np.ndarray, offset: np.ndarray | None) -> PoissonFit:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n, p = x.shape
    off = np.zeros(n) if offset is None else np.asarray(offset, dtype=float)
    mu = y + 0.1
    eta = np.log(mu)
    devold = _dev(y, mu)
    tol = min(1e-7, EPSILON / 1000)
    coef = np.full(p, np.nan)
    converged = False
    cov_kept = np.zeros((0, 0))
    aliased = np.zeros(p, dtype=bool)
    it = 0
    for it in range(1, MAXIT + 1):  # noqa: B007
        mu_eta = np.maximum(np.exp(eta), DOUBLE_EPS)
        z = (eta - off) + (y - mu) / mu_eta
        w = np.sqrt(mu_eta**2 / mu)
        xw = x * w[:, None]
        aliased = _aliased_columns(xw, tol)
        keep = ~aliased
        xk = xw[:, keep]
        qmat, rmat = np.linalg.qr(xk)
        beta = np.linalg.solve(rmat, qmat.T @ (z * w))
        rinv = np.linalg.inv(rmat)
        cov_kept = rinv @ rinv.T
        start = np.zeros(p)
        start[keep] = beta
        eta = x @ start + off
        mu = np.maximum(np.exp(eta), DOUBLE_EPS)
        dev = _dev(y, mu)
        coef = np.where(keep, start, np.nan)
        if not np.isfinite(dev):
            break  # diverged: reported as not converged, never as a number
        if abs(dev - devold) / (abs(dev) + 0.1) < EPSILON:
            converged = True
            break
        devold = dev
    cov = np.full((p, p), np.nan)
    idx = np.flatnonzero(~aliased)
    cov[np.ix_(idx, idx)] = cov_kept
    rank = int(idx.size)
    loglik = float(np.sum(y * np.log(mu) - mu - gammaln(y + 1)))
    return PoissonFit(
        coef=coef, cov=cov, mu=mu, eta=eta, deviance=_dev(y, mu), aic=-2 * loglik + 2 * rank, rank=rank,
        df_residual=n - rank, converged=converged, iterations=it, aliased=aliased,
    )
