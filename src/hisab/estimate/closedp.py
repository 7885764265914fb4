"""Rcapture's `closedp.t` and `closedp.0`: the classical closed-population models as Poisson GLMs.

Each model is a log-linear model over the 2^t - 1 observable capture histories (`closedp.t`) or over
the frequencies f_k of people caught k times (`closedp.0`); N = n + exp(intercept). Behavioural models
(Mb, Mbh) have their own closed forms and can give negative N on list data: those are reported with a
status, never as a number. See ALGORITHMS.md 3.4 (Baillargeon & Rivest 2007).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.special import gammaln

from hisab.estimate.errors import CaptureDataError
from hisab.estimate.glm import PoissonFit, poisson_glm
from hisab.estimate.histories import CaptureHistories, ensure_histories
from hisab.estimate.profile import ProfileInterval, with_profile
from hisab.estimate.result import OK, EstimateResult, checked, failed, safe_exp

T_MODELS = ("M0", "Mt", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5", "Mth Chao (LB)",
            "Mth Poisson2", "Mth Darroch", "Mth Gamma3.5", "Mb", "Mbh")
ZERO_MODELS = ("M0", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5")
Z95 = 1.959963984540054


def histpos(t: int) -> np.ndarray:
    """All non-empty capture histories of t occasions in Rcapture's order (binary, descending)."""
    codes = np.arange((1 << t) - 1, 0, -1)
    return ((codes[:, None] >> np.arange(t - 1, -1, -1)) & 1).astype(float)


def _heterogeneity(kind: str, nbcap: np.ndarray, t: int) -> np.ndarray:
    if kind == "Chao":
        return np.column_stack([np.maximum(nbcap - j + 1, 0) for j in range(3, t + 1)]) if t >= 3 \
            else np.zeros((len(nbcap), 1))
    if kind == "Poisson2":
        return (2.0**nbcap - 1)[:, None]
    if kind == "Darroch":
        return (nbcap**2 / 2)[:, None]
    if kind == "Gamma3.5":
        return (-np.log(3.5 + nbcap) + np.log(3.5))[:, None]
    raise ValueError(kind)


def design(model: str, hist: np.ndarray, nbcap: np.ndarray, t: int) -> tuple[np.ndarray, int]:
    """Design matrix (with intercept) of an Rcapture model and the number of non-heterogeneity columns."""
    base = model.split()[0]
    ones = np.ones((len(nbcap), 1))
    if base in ("M0", "Mh"):
        x = np.column_stack([ones, nbcap])
    elif base in ("Mt", "Mth"):
        x = np.column_stack([ones, hist])
    elif base == "Mb":
        before = np.repeat(t - np.arange(t, 0, -1), 2 ** (np.arange(t, 0, -1) - 1)).astype(float)
        return np.column_stack([ones, before, nbcap - 1]), 3
    elif base == "Mbh":
        before = np.repeat(t - np.arange(t, 0, -1), 2 ** (np.arange(t, 0, -1) - 1)).astype(float)
        return np.column_stack([ones, 1 - hist[:, 0], before, nbcap - 1]), 4
    else:
        raise ValueError(model)
    nca = x.shape[1]
    if base in ("Mh", "Mth"):
        kind = model.split()[1]
        x = np.column_stack([x, _heterogeneity(kind, nbcap, t)])
    return x, nca


@dataclass(frozen=True)
class ClosedPModel:
    """One row of Rcapture's results table, plus what hisab adds (status, warnings)."""

    name: str
    abundance: float  # R's number, even when negative (then status says so)
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    info_fit: int
    converged: bool
    intercept: float
    se_intercept: float
    bias: float
    removed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    profile: ProfileInterval | None = None  # closedpCI.t's profile-likelihood interval, when asked for


def _fit_chao(x: np.ndarray, y: np.ndarray, off, nca: int) -> tuple[PoissonFit, np.ndarray, list[str]]:
    """Fit, then drop the left-most negative eta and refit while any eta is negative (Rcapture Chao.neg)."""
    cols = np.arange(x.shape[1])
    fit = poisson_glm(x, y, off)
    removed: list[str] = []
    while True:
        etas = fit.coef[nca:]
        neg = np.flatnonzero(~np.isnan(etas) & (etas < 0))
        if neg.size == 0:
            return fit, cols, removed
        drop = nca + int(neg[0])
        removed.append(f"eta{int(cols[drop]) - nca + 3}")
        cols = np.delete(cols, drop)
        fit = poisson_glm(x[:, cols], y, off)


def _bias(x: np.ndarray, fit: PoissonFit) -> float:
    """Rcapture's asymptotic bias of N (generalised code of Louis-Paul Rivest)."""
    if fit.aliased.any():
        return math.nan
    v = fit.cov
    xi = -0.5 * np.einsum("ij,jk,ik->i", x, v, x)
    psi = -2.0 * x.T @ (fit.mu * xi)
    psi[0] -= 1
    return float(0.5 * safe_exp(fit.coef[0]) * (-(v @ psi))[0])


def fit_model(name: str, y: np.ndarray, hist: np.ndarray, nbcap: np.ndarray, t: int, n: int,
              offset: np.ndarray | None = None) -> ClosedPModel:
    """Fit one Rcapture model and compute its row of the results table."""
    x, nca = design(name, hist, nbcap, t)
    removed: list[str] = []
    if "Chao" in name:
        fit, cols, removed = _fit_chao(x, y, offset, nca)
        x = x[:, cols]
    else:
        fit = poisson_glm(x, y, offset)
    b, v = fit.coef, fit.cov
    if not fit.converged or not np.isfinite(b[~fit.aliased]).all() or b[0] > 700:
        nan = math.nan
        return ClosedPModel(name, nan, nan, fit.deviance, fit.df_residual, fit.aic, nan, 1, False, float(b[0]), nan,
                            nan, tuple(removed), ("glm did not converge",))
    if name == "Mb":
        den = 1 + safe_exp(b[2]) - safe_exp(b[1])
        abundance = safe_exp(b[0]) * (1 + safe_exp(b[2])) ** t / den
        g = abundance * np.array([1, safe_exp(b[1]) / den,
                                  t * safe_exp(b[2]) / (1 + safe_exp(b[2])) - safe_exp(b[2]) / den])
        stderr = math.sqrt(max(g @ v @ g - abundance, 0.0)) if g @ v @ g - abundance >= 0 else math.nan
    elif name == "Mbh":
        e1, e2, e3 = safe_exp(b[1] + b[2]), safe_exp(b[2]), safe_exp(b[3])
        den = 1 + e3 - e2
        base = safe_exp(b[0]) * (1 + e3) ** (t - 1)
        abundance = base * (1 + e1 / den)
        g = base * np.array([1 + e1 / den, e1 / den, e1 / den + safe_exp(b[1] + 2 * b[2]) / den**2,
                             (t - 1) * e3 / (1 + e3) - safe_exp(b[1] + b[2] + b[3]) / den**2])
        q = g @ v @ g - abundance
        stderr = math.sqrt(q) if q >= 0 else math.nan
    else:
        abundance = n + safe_exp(b[0])
        stderr = math.sqrt(safe_exp(b[0]) + safe_exp(2 * b[0]) * v[0, 0])
    bias = _bias(x, fit)
    warns: list[str] = []
    codes: set[int] = set()
    if not fit.converged:
        warns.append("glm did not converge")
        codes.add(1)
    if not math.isnan(bias) and abs(bias) > 0.1 * abundance:
        warns.append("the asymptotic bias is large")
        codes.add(1)
    if fit.aliased.any():
        warns.append("design matrix not of full rank")
        codes.add(2)
    info = int("".join(str(c) for c in sorted(codes))) if codes else 0
    return ClosedPModel(
        name=name, abundance=abundance, stderr=stderr, deviance=fit.deviance, df=fit.df_residual,
        aic=fit.aic, bic=fit.aic + (-2 + math.log(n)) * fit.rank, info_fit=info, converged=fit.converged,
        intercept=float(b[0]), se_intercept=float(math.sqrt(v[0, 0])), bias=bias, removed=tuple(removed),
        warnings=tuple(warns),
    )


@dataclass(frozen=True)
class ClosedPResult:
    """All models of one `closedp` call; `.estimate` is the model with the lowest AIC among valid ones."""

    observed: int
    t: int
    kind: str
    models: tuple[ClosedPModel, ...]
    results: tuple[EstimateResult, ...] = field(repr=False)

    def model(self, name: str) -> ClosedPModel:
        for m in self.models:
            if m.name == name:
                return m
        raise KeyError(name)

    @property
    def best(self) -> EstimateResult:
        ok = [r for r in self.results if r.ok]
        if not ok:
            return self.results[0]
        return min(ok, key=lambda r: r.details["aic"])

    @property
    def estimate(self) -> float | None:
        return self.best.estimate

    @property
    def interval(self) -> tuple[float | None, float | None]:
        return self.best.interval

    def summary(self) -> str:
        lines = [f"closedp.{self.kind}: {self.observed:,} observed on {self.t} lists; lowest AIC first"]
        for r in sorted(self.results, key=lambda r: (not r.ok, r.details.get("aic", math.inf))):
            lines.append("  " + r.summary())
        return "\n".join(lines)


def _as_result(m: ClosedPModel, n: int, method: str) -> EstimateResult:
    details = {"stderr": m.stderr, "deviance": m.deviance, "df": m.df, "aic": m.aic, "bic": m.bic,
               "info_fit": m.info_fit, "raw_abundance": m.abundance, "interval": "log-normal on n0"}
    if m.removed:
        details["removed"] = list(m.removed)
    if m.profile is not None:
        details.update(m.profile.details())
    if not m.converged:
        return failed(method, m.name, n, "glm did not converge", details=details)
    if m.name in ("Mb", "Mbh"):
        if m.abundance < n:
            return failed(method, m.name, n, f"behavioural model gives N = {m.abundance:,.1f}, below the "
                          f"observed {n:,}: not a valid estimate on these lists", details=details)
        lo = max(n, m.abundance - Z95 * m.stderr) if math.isfinite(m.stderr) else None
        hi = m.abundance + Z95 * m.stderr if math.isfinite(m.stderr) else None
        details["interval"] = "normal"
        return checked(method, m.name, n, m.abundance, lo, hi, warnings=m.warnings, details=details)
    lo = n + safe_exp(m.intercept - Z95 * m.se_intercept)
    hi = n + safe_exp(m.intercept + Z95 * m.se_intercept)
    return checked(method, m.name, n, m.abundance, lo, hi, warnings=m.warnings, details=details)


def frequencies(histories: CaptureHistories) -> np.ndarray:
    """f_k: how many people are on exactly k lists, k = 1..t."""
    k = histories.patterns.sum(axis=1)
    return np.bincount(k, weights=histories.counts, minlength=histories.n_lists + 1)[1:].astype(np.int64)


class ClosedP:
    """Rcapture's `closedp.t` (kind="t": models on full histories) or `closedp.0` (kind="0").

    Parameters
    ----------
    kind : "t" or "0".
    t : for kind "0" from frequencies only: the number of occasions, or `math.inf` (offset -log k!).
    profile : also compute closedpCI.t's profile-likelihood interval of each M0/Mt/Mh/Mth model
        (kind "t" only; about 20 ms per model, so off by default).
    """

    def __init__(self, *, kind: str = "t", t: float | None = None, seed: int | None = None,
                 profile: bool = False):
        self.kind = kind
        self.t = t
        self.seed = seed  # deterministic; kept for the common estimator shape
        self.profile = profile

    def fit(self, table: CaptureHistories | np.ndarray) -> ClosedPResult:
        if self.kind not in ("t", "0"):
            raise CaptureDataError(f"closedp kind must be 't' or '0', found {self.kind!r}")
        if self.profile and self.kind != "t":
            raise CaptureDataError("profile intervals are computed for closedp kind 't' only")
        if self.kind == "t":
            return self._fit_t(ensure_histories(table))
        return self._fit_0(table)

    def _fit_t(self, h: CaptureHistories) -> ClosedPResult:
        t = h.n_lists
        hist = histpos(t)
        codes = (hist @ (1 << np.arange(t)).astype(float)).astype(np.int64)  # list j is bit j
        y = h.full_counts()[codes - 1].astype(float)
        nbcap = hist.sum(axis=1)
        names = ("M0", "Mt", "Mb") if t == 2 else T_MODELS
        models = tuple(fit_model(m, y, hist, nbcap, t, h.observed) for m in names)
        if self.profile:
            models = tuple(with_profile(m, design(m.name, hist, nbcap, t), y, h.observed) for m in models)
        return ClosedPResult(h.observed, t, "t", models,
                             tuple(_as_result(m, h.observed, "loglinear") for m in models))

    def _fit_0(self, table: CaptureHistories | np.ndarray) -> ClosedPResult:
        if isinstance(table, CaptureHistories):
            f = frequencies(table)
            t = table.n_lists if self.t is None else self.t
        else:
            f = np.asarray(table, dtype=np.int64)
            if f.ndim != 1 or (f < 0).any() or f.sum() == 0:
                raise CaptureDataError("capture frequencies must be non-negative counts f_1..f_t, not all 0")
            t = len(f) if self.t is None else self.t
        tmax = len(f) if math.isinf(t) else int(t)
        if tmax < len(f):
            raise CaptureDataError(f"t = {tmax} is smaller than the largest capture count {len(f)}")
        f = np.concatenate([f, np.zeros(tmax - len(f), dtype=np.int64)])
        nbcap = np.arange(tmax, 0, -1).astype(float)
        y = f[::-1].astype(float)
        off = -gammaln(nbcap + 1) if math.isinf(t) else (
            gammaln(tmax + 1) - gammaln(nbcap + 1) - gammaln(tmax - nbcap + 1))
        n = int(f.sum())
        names = ("M0",) if tmax == 2 else ZERO_MODELS
        models = tuple(fit_model(m, y, nbcap[:, None], nbcap, tmax, n, off) for m in names)
        return ClosedPResult(n, tmax, "0", models, tuple(_as_result(m, n, "loglinear.0") for m in models))


def read_frequency_csv(path) -> np.ndarray:
    """Read Rcapture's frequency form (columns nbcap, freq) as f_1..f_max."""
    import pandas as pd

    frame = pd.read_csv(path)
    if list(frame.columns[:2]) != ["nbcap", "freq"]:
        raise CaptureDataError(f"{path}: expected columns nbcap,freq; found {list(frame.columns)}")
    k = frame["nbcap"].to_numpy()
    if (k < 1).any() or (frame["freq"] < 0).any():
        raise CaptureDataError(f"{path}: nbcap must be >= 1 and freq >= 0")
    f = np.zeros(int(k.max()), dtype=np.int64)
    np.add.at(f, k - 1, frame["freq"].to_numpy())
    return f


__all__ = ["OK", "ClosedP", "ClosedPModel", "ClosedPResult", "histpos", "read_frequency_csv"]
