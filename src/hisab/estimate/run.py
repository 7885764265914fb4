"""Run several methods on one table (or on each stratum) and return their results side by side.

This is what `hisab estimate` calls. For each method the model it selects comes first in the list:
loglinear gives the hierarchical model with the smallest BIC first (Rcapture closedpMS.t), then
Rcapture's closedp.t models, the lowest-AIC valid one first, each with closedpCI.t's profile-likelihood
interval beside its log-normal one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hisab.estimate.closedp import ClosedP
from hisab.estimate.dga import DGA
from hisab.estimate.errors import CaptureDataError, EstimateOptionError
from hisab.estimate.hierarchical import LogLinearSearch
from hisab.estimate.histories import CaptureHistories
from hisab.estimate.lcmcr import LCMCR
from hisab.estimate.result import EstimateResult, failed
from hisab.estimate.sparse import SparseMSE
from hisab.estimate.strata import combine

METHODS = ("lcmcr", "dga", "loglinear", "sparse")


@dataclass(frozen=True)
class Settings:
    """Options shared by every method of one run."""

    seed: int | None = 1
    nboot: int = 0
    chains: int = 4
    lcmcr: dict = field(default_factory=dict)


def methods_for(name: str) -> tuple[str, ...]:
    if name == "all":
        return METHODS
    if name not in METHODS:
        raise EstimateOptionError(f"--method must be one of {', '.join(METHODS)} or all; found {name!r}")
    return (name,)


def run_method(method: str, h: CaptureHistories, settings: Settings) -> list[EstimateResult]:
    """One method on one table; the selected model first."""
    if method == "loglinear":
        search = LogLinearSearch(profile=True).fit(h)
        res = ClosedP(profile=True).fit(h)
        best = res.best
        closed = [best, *[r for r in res.results if r is not best]]
        return [search, *closed] if search.ok else [*closed, search]
    if method == "sparse":
        return [SparseMSE(nboot=settings.nboot, seed=settings.seed).fit(h)]
    if method == "dga":
        if not 3 <= h.n_lists <= 6:
            return [failed("dga", "BMA", h.observed, f"dga needs 3 to 6 lists; this table has {h.n_lists}")]
        return [DGA(seed=settings.seed).fit(h)]
    if method == "lcmcr":
        return [LCMCR(seed=settings.seed, chains=settings.chains, **settings.lcmcr).fit(h)]
    raise EstimateOptionError(f"unknown method {method!r}")


def run(tables: dict[str | None, CaptureHistories | CaptureDataError], method: str = "all",
        settings: Settings | None = None, progress=None) -> list[EstimateResult]:
    """Estimate each table (None = the whole population, else one stratum) and combine strata per method."""
    settings = settings or Settings()
    out: list[EstimateResult] = []
    stratified = not (len(tables) == 1 and None in tables)
    for m in methods_for(method):
        per_stratum: list[EstimateResult] = []
        for label, h in tables.items():
            if progress:
                progress(m, label)
            if isinstance(h, CaptureDataError):
                per_stratum.append(failed(m, "-", 0, f"too sparse: {h}", stratum=label))
                continue
            results = run_method(m, h, settings)
            if stratified:
                results = [_with_stratum(r, label) for r in results]
            per_stratum.append(results[0])
            out.extend(results if not stratified else [])
        if stratified:
            out.append(combine(per_stratum, settings.seed))
            out.extend(per_stratum)
    return out


def _with_stratum(r: EstimateResult, label: str | None) -> EstimateResult:
    from dataclasses import replace

    return replace(r, stratum=label)
