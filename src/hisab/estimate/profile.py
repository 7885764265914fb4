"""Profile-likelihood intervals for Rcapture's closed-population models (`closedpCI.t`).

The Wald-type interval of `closedp` (log-normal on the unobserved count) is symmetric on the log scale
and can be too short when N is poorly determined. Rcapture's `closedpCI.t` instead profiles the
multinomial likelihood of N: the unobserved cell n0 = N - n is added to the data with a design row of
zeros (only the intercept), the Poisson model is refitted for each N, and the multinomial
log-likelihood is -deviance / 2 + ct, where ct is Cormack's (1992) Stirling correction. Its maximum is
the multinomial abundance (slightly different from closedp's Poisson N); the 95% limits are where the
profile falls chi2_1(0.95) / 2 below it (Baillargeon & Rivest 2007; ALGORITHMS.md 3.4). The search
intervals are R's: the maximum on (n, 1.5 N), the upper limit on (Nmax, 3 N).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import chi2

from hisab.estimate.glm import poisson_glm

PROFILE_LABEL = "profile likelihood (Rcapture closedpCI.t)"
SUP_FACTOR = 3.0  # Rcapture fmaxSupCL: the upper limit is searched up to 3 N
XTOL = 1e-7  # on N; R's tol 1e-4 on counts in the thousands is within the 1e-6 we check


@dataclass(frozen=True)
class ProfileInterval:
    """The multinomial maximum `abundance` and the profile limits; `upper` None when it lies beyond
    `SUP_FACTOR` times the Poisson estimate (R prints ">x")."""

    abundance: float
    lower: float
    upper: float | None
    warnings: tuple[str, ...] = ()

    def details(self) -> dict[str, float | str | None]:
        """The keys a result's details carry for it (`EstimateResult.interval_keys` reads them back)."""
        return {"profile_estimate": self.abundance, "profile_lower": self.lower, "profile_upper": self.upper,
                "profile_interval": PROFILE_LABEL}


def _cormack(n0: float, total: float) -> float:
    """Rcapture's correction term turning the Poisson deviance into the multinomial log-likelihood."""
    if total > 100:
        if n0 in (0, 1):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    return n0 * math.log(n0) + math.lgamma(total + 1) - total * math.log(total) - math.lgamma(n0 + 1) \
        if n0 > 0 else math.lgamma(total + 1) - total * math.log(total)


def profile_loglik(x: np.ndarray, y: np.ndarray, n: int, big_n: float, chao_nca: int | None = None) -> float:
    """Multinomial log-likelihood of N = `big_n` under the design `x` (intercept first column).

    `chao_nca`: for Mh/Mth Chao models, the number of non-heterogeneity columns; negative etas are then
    dropped and the model refitted, as in the point fit.
    """
    from hisab.estimate.closedp import _fit_chao

    n0 = big_n - n
    xa = np.vstack([x, np.eye(1, x.shape[1])])
    ya = np.append(y, n0)
    fit = _fit_chao(xa, ya, None, chao_nca)[0] if chao_nca is not None else poisson_glm(xa, ya)
    # at n0 = 0 the intercept's MLE is -inf and IRLS only creeps towards it: the deviance is still right
    if not math.isfinite(fit.deviance) or not (fit.converged or n0 == 0):
        raise ArithmeticError(f"the Poisson fit did not converge at N = {big_n:,.1f}")
    return -fit.deviance / 2 + _cormack(n0, float(ya.sum()))


def profile_interval(x: np.ndarray, y: np.ndarray, n: int, poisson_n: float, chao_nca: int | None = None,
                     level: float = 0.95) -> ProfileInterval:
    """Maximise the profile over (n, 1.5 N) and find where it drops by chi2_1(level) / 2."""
    def loglik(big_n: float) -> float:
        return profile_loglik(x, y, n, big_n, chao_nca)

    opt = minimize_scalar(lambda v: -loglik(v), bounds=(n, 1.5 * poisson_n), method="bounded",
                          options={"xatol": XTOL})
    n_max, l_max = float(opt.x), -float(opt.fun)
    cut = l_max - chi2.ppf(level, 1) / 2
    warns: list[str] = []
    if loglik(n) - cut >= 0:
        lower = float(n)
        warns.append("the profile lower limit is set to the observed count n")
    else:
        lower = float(brentq(lambda v: loglik(v) - cut, n, n_max, xtol=XTOL))
    top = SUP_FACTOR * poisson_n
    if loglik(top) - cut >= 0:
        upper = None
        warns.append(f"the profile upper limit is above {top:,.0f} (3 times the Poisson estimate)")
    else:
        upper = float(brentq(lambda v: loglik(v) - cut, n_max, top, xtol=XTOL))
    return ProfileInterval(n_max, lower, upper, tuple(warns))


def with_profile(model, design: tuple[np.ndarray, int], y: np.ndarray, n: int):
    """The `ClosedPModel` with its profile interval, or with a warning saying why there is none.

    Rcapture computes none for the behavioural models (not offered by closedpCI), for fits that did
    not converge and for designs not of full rank; neither does hisab.
    """
    from dataclasses import replace

    name = model.name
    if name in ("Mb", "Mbh") or not model.converged or not math.isfinite(model.abundance):
        return model
    if "design matrix not of full rank" in model.warnings:
        return replace(model, warnings=(*model.warnings, "no profile interval: design matrix not of full rank"))
    x, nca = design
    try:
        prof = profile_interval(x, y, n, model.abundance, nca if "Chao" in name else None)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError) as exc:
        return replace(model, warnings=(*model.warnings, f"no profile interval: {exc}"))
    return replace(model, profile=prof, warnings=(*model.warnings, *prof.warnings))


__all__ = ["PROFILE_LABEL", "ProfileInterval", "profile_interval", "profile_loglik", "with_profile"]
