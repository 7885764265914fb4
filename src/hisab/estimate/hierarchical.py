"""Hierarchical log-linear model search over list interactions (Rcapture's `closedpMS.t`, maxorder 2).

Every model with the main effects and any subset of the two-list interactions is fitted on the
2^t - 1 observable histories; models are ranked by BIC (or AIC). With more than 5 lists the number
of models (2^15 for 6 lists) makes an exhaustive search too slow, and SparseMSE's stepwise search is
the method to use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from hisab.estimate.closedp import histpos
from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.glm import poisson_glm
from hisab.estimate.histories import CaptureHistories, ensure_histories
from hisab.estimate.result import EstimateResult, checked, failed, safe_exp

MAX_LISTS = 5
Z95 = 1.959963984540054


@dataclass(frozen=True)
class HierModel:
    """One fitted model: its pairs (0-based), Rcapture-style name and fit statistics."""

    pairs: tuple[tuple[int, int], ...]
    name: str
    abundance: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    intercept: float
    se_intercept: float
    converged: bool


def model_name(pairs, t: int) -> str:
    """Rcapture's notation: interaction terms, then lists in no interaction, e.g. '[12,13,4]'."""
    used = {i for p in pairs for i in p}
    parts = [f"{i + 1}{j + 1}" for i, j in pairs] + [str(i + 1) for i in range(t) if i not in used]
    return "[" + ",".join(parts) + "]"


def _counts(h: CaptureHistories) -> tuple[np.ndarray, np.ndarray]:
    """Rcapture's histories (histpos order) and their observed counts."""
    hist = histpos(h.n_lists)
    codes = (hist @ (1 << np.arange(h.n_lists)).astype(float)).astype(np.int64)
    return hist, h.full_counts()[codes - 1].astype(float)


def _design(hist: np.ndarray, chosen) -> np.ndarray:
    return np.column_stack([np.ones(len(hist)), hist, *[hist[:, i] * hist[:, j] for i, j in chosen]])


def fit_all(h: CaptureHistories) -> list[HierModel]:
    """Fit every main-effects + two-list-interactions model."""
    t = h.n_lists
    hist, y = _counts(h)
    n = h.observed
    pairs = list(combinations(range(t), 2))
    out = []
    for mask in range(1 << len(pairs)):
        chosen = tuple(p for k, p in enumerate(pairs) if mask >> k & 1)
        x = _design(hist, chosen)
        fit = poisson_glm(x, y)
        b0, v00 = float(fit.coef[0]), float(fit.cov[0, 0])
        out.append(HierModel(
            chosen, model_name(chosen, t), n + safe_exp(b0),
            math.sqrt(safe_exp(b0) + safe_exp(2 * b0) * v00),
            fit.deviance, fit.df_residual, fit.aic, fit.aic + (-2 + math.log(n)) * fit.rank, b0,
            math.sqrt(v00), fit.converged,
        ))
    return out


class LogLinearSearch:
    """Choose the hierarchical log-linear model with the smallest BIC (or AIC) and report its N."""

    def __init__(self, *, criterion: str = "BIC", seed: int | None = None, profile: bool = False):
        self.criterion = criterion
        self.seed = seed
        self.profile = profile  # add closedpCI.t's profile-likelihood interval of the selected model

    def fit(self, h: CaptureHistories) -> EstimateResult:
        h = ensure_histories(h)
        if self.criterion not in ("AIC", "BIC"):
            raise EstimateOptionError(f"criterion must be AIC or BIC; found {self.criterion!r}")
        if h.n_lists > MAX_LISTS:
            return failed("loglinear", "hierarchical search", h.observed,
                          f"exhaustive search is limited to {MAX_LISTS} lists; use the sparse method")
        models = [m for m in fit_all(h) if m.converged]
        key = (lambda m: m.bic) if self.criterion == "BIC" else (lambda m: m.aic)
        models.sort(key=key)
        best = models[0]
        details = {"interval": "log-normal on n0", "stderr": best.stderr, "deviance": best.deviance,
                   "df": best.df, "aic": best.aic, "bic": best.bic, "criterion": self.criterion,
                   "models_fitted": len(models),
                   "runners_up": [{"model": m.name, "estimate": m.abundance, self.criterion.lower(): key(m)}
                                  for m in models[1:4]]}
        lo = h.observed + safe_exp(best.intercept - Z95 * best.se_intercept)
        hi = h.observed + safe_exp(best.intercept + Z95 * best.se_intercept)
        warns: tuple[str, ...] = ()
        if self.profile and math.isfinite(best.abundance):
            warns = _add_profile(details, h, best)
        return checked("loglinear", best.name, h.observed, best.abundance, lo, hi, details=details,
                       params={"criterion": self.criterion}, warnings=warns)


def _add_profile(details: dict, h: CaptureHistories, best: HierModel) -> tuple[str, ...]:
    """The profile-likelihood interval of the selected model (closedpCI.t with its design as mX)."""
    from hisab.estimate.profile import profile_interval

    hist, y = _counts(h)
    try:
        prof = profile_interval(_design(hist, best.pairs), y, h.observed, best.abundance)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError) as exc:
        return (f"no profile interval: {exc}",)
    details.update(prof.details())
    return prof.warnings
