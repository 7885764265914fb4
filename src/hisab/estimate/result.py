"""The result every estimator returns: one frozen dataclass with the point, the interval and a status.

`estimate`, `lower` and `upper` are None whenever the status is not "ok": hisab never hands back a
negative, infinite or silently non-converged number. `details` keeps what a reader needs to judge
the estimate (standard error, deviance, posterior summaries, diagnostics) as plain JSON-able values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

OK = "ok"


@dataclass(frozen=True)
class EstimateResult:
    """One method's estimate of the total population (observed + unobserved)."""

    method: str
    model: str
    observed: int
    estimate: float | None
    lower: float | None
    upper: float | None
    status: str = OK
    warnings: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    draws: np.ndarray | None = field(default=None, repr=False, compare=False)
    stratum: str | None = None

    @property
    def interval(self) -> tuple[float | None, float | None]:
        return (self.lower, self.upper)

    @property
    def ok(self) -> bool:
        return self.status == OK

    def summary(self) -> str:
        """One line a person can read: method, model, estimate and 95% interval, or why there is none."""
        head = f"{self.method} [{self.model}]" + (f" stratum {self.stratum}" if self.stratum else "")
        if not self.ok:
            return f"{head}: not estimated ({self.status}); observed {self.observed:,}"
        text = f"{head}: {self.estimate:,.0f}"
        if self.lower is not None and self.upper is not None:
            text += f" (95%: {self.lower:,.0f} - {self.upper:,.0f})"
        text += f"; observed {self.observed:,}"
        if self.warnings:
            text += "; warnings: " + "; ".join(self.warnings)
        return text

    def interval_keys(self) -> dict[str, Any]:
        """What `lower`/`upper` are (`interval`) and, for closedp models, the profile-likelihood
        interval beside them (`profile_estimate`, `profile_lower`, `profile_upper`, `profile_interval`).
        A result without an estimate shows no profile numbers either."""
        keys = ("interval", "profile_estimate", "profile_lower", "profile_upper", "profile_interval")
        return {k: self.details[k] for k in (keys if self.ok else keys[:1]) if k in self.details}

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `hisab estimate --json` for this result (the keys scripts rely on first)."""
        out: dict[str, Any] = {
            "method": self.method, "model": self.model, "estimate": self.estimate,
            "lower": self.lower, "upper": self.upper, "status": self.status,
        }
        out.update(self.interval_keys())
        if self.stratum is not None:
            out["stratum"] = self.stratum
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


def safe_exp(x: float) -> float:
    """exp that returns infinity instead of raising; `checked` then turns it into a status."""
    return math.exp(x) if x < 709 else math.inf


def failed(method: str, model: str, observed: int, status: str, **kw: Any) -> EstimateResult:
    """A result that carries only the reason why there is no estimate."""
    return EstimateResult(method, model, observed, None, None, None, status=status, **kw)


def checked(
    method: str, model: str, observed: int, estimate: float, lower: float | None, upper: float | None,
    **kw: Any,
) -> EstimateResult:
    """A result whose numbers are checked: a negative or non-finite value becomes a status, not a number."""
    if not math.isfinite(estimate):
        return failed(method, model, observed, "estimate is infinite or undefined", **kw)
    if estimate < observed - 1e-6 * max(observed, 1):
        return failed(method, model, observed, f"estimate {estimate:,.1f} is below the observed count", **kw)
    bad = [v for v in (lower, upper) if v is not None and not math.isfinite(v)]
    if bad:
        return failed(method, model, observed, "interval limit is infinite or undefined", **kw)
    return EstimateResult(method, model, observed, float(estimate),
                          None if lower is None else float(lower), None if upper is None else float(upper),
                          **kw)
