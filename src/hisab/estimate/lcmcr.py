"""LCMCR (Manrique-Vallier 2016): a Bayesian non-parametric latent-class model for capture-recapture.

People fall in up to K latent classes (truncated stick-breaking prior with concentration alpha ~
Gamma(a_alpha, b_alpha)); within a class lists capture independently. The Gibbs sampler is compiled
with numba (`_lcmcr_kernel.py`). Several chains are run from different seeds and compared: when
R-hat > 1.1 the chains disagree and the result says so instead of reporting one chain as the answer.
"""

from __future__ import annotations

import numpy as np

from hisab.estimate.diagnostics import ess, split_rhat
from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.histories import CaptureHistories, ensure_histories
from hisab.estimate.result import EstimateResult, checked, failed

RHAT_LIMIT = 1.1
ESS_FAIL_PER_CHAIN, ESS_WARN = 10, 400
CAP = 20  # LCMCR redraws n0 while n0 > 20 n


def _start(chain: int, chains: int, n: int) -> int:
    """Unobserved count the chain starts from: -1 (LCMCR's own start) for the first chain, then spread
    over 0..10 n so that a multimodal posterior shows up as disagreeing chains."""
    return -1 if chain == 0 else int(10 * n * chain / max(chains - 1, 1))


class LCMCR:
    """The LCMCR Gibbs sampler in the hisab convention.

    Defaults are the package's documented example (K=10, a_alpha=b_alpha=0.25, burn-in 10,000,
    1,000 samples thinned by 100), with 4 chains for R-hat. `seed` makes the run reproducible; chain c
    uses a seed derived from (seed, c).
    """

    def __init__(self, *, K: int = 10, a_alpha: float = 0.25, b_alpha: float = 0.25, burnin: int = 10_000,
                 samples: int = 1_000, thinning: int = 100, chains: int = 4, seed: int | None = 1,
                 warmup: int = 500):
        self.K = K
        self.a_alpha = a_alpha
        self.b_alpha = b_alpha
        self.burnin = burnin
        self.samples = samples
        self.thinning = thinning
        self.chains = chains
        self.seed = seed
        self.warmup = warmup

    def _check(self) -> None:
        for name in ("K", "samples", "thinning", "chains"):
            v = getattr(self, name)
            if not isinstance(v, int | np.integer) or v < 1:
                raise EstimateOptionError(f"LCMCR {name} must be a positive integer; found {v!r}")
        for name in ("burnin", "warmup"):
            v = getattr(self, name)
            if not isinstance(v, int | np.integer) or v < 0:
                raise EstimateOptionError(f"LCMCR {name} must be a non-negative integer; found {v!r}")
        for name in ("a_alpha", "b_alpha"):
            v = getattr(self, name)
            if not (isinstance(v, int | float) and v > 0):
                raise EstimateOptionError(f"LCMCR {name} must be positive; found {v!r}")

    def chain_seeds(self) -> list[int]:
        ss = np.random.SeedSequence(self.seed)
        return [int(s.generate_state(1)[0] & 0x7FFFFFFF) for s in ss.spawn(self.chains)]

    def params(self) -> dict:
        return {k: getattr(self, k) for k in ("K", "a_alpha", "b_alpha", "burnin", "samples", "thinning",
                                              "chains", "seed", "warmup")}

    def sample(self, h: CaptureHistories) -> tuple[np.ndarray, int]:
        """Draws of N shaped (chains, samples) and how often the n0 cap forced a redraw."""
        from hisab.estimate._lcmcr_kernel import run_chain

        self._check()
        x = np.ascontiguousarray(h.patterns, dtype=np.int64)
        f = np.ascontiguousarray(h.counts, dtype=np.int64)
        draws, capped = [], 0
        for c, s in enumerate(self.chain_seeds()):
            trace, _alpha, cap = run_chain(x, f, int(self.K), float(self.a_alpha), float(self.b_alpha),
                                           int(self.burnin), int(self.samples), int(self.thinning), s,
                                           int(self.warmup), CAP, _start(c, self.chains, int(f.sum())))
            draws.append(trace)
            capped += int(cap)
        return np.vstack(draws), capped

    def fit(self, h: CaptureHistories) -> EstimateResult:
        h = ensure_histories(h)
        draws, capped = self.sample(h)
        model = f"K={self.K}"
        return summarise(draws, h.observed, "lcmcr", model, self.params(), capped)


def summarise(draws: np.ndarray, n: int, method: str, model: str, params: dict, capped: int = 0) -> EstimateResult:
    """Posterior mean, median and 95% quantile interval over all chains, with R-hat and ESS."""
    flat = draws.ravel().astype(float)
    rhat = split_rhat(draws) if draws.shape[0] > 1 else float("nan")
    details = {"interval": "posterior 2.5% and 97.5% quantiles over chains",
               "mean": float(flat.mean()), "median": float(np.median(flat)), "sd": float(flat.std(ddof=1)),
               "rhat": rhat, "ess": ess(draws), "chain_means": [float(c.mean()) for c in draws],
               "cap_redraws": capped}
    warns = []
    if capped:
        warns.append(f"the prior cap N <= {CAP + 1} n forced {capped} redraw(s): the posterior is truncated")
    if draws.shape[0] == 1:
        warns.append("one chain only: convergence cannot be checked (R-hat needs 2 or more chains)")
    lo, hi = np.quantile(flat, [0.025, 0.975])
    means = ", ".join(f"{m:,.0f}" for m in details["chain_means"])
    why = None
    if np.isfinite(rhat) and rhat > RHAT_LIMIT:
        why = f"chains disagree (R-hat {rhat:.2f} > {RHAT_LIMIT}; chain means {means})"
    elif details["ess"] < ESS_FAIL_PER_CHAIN * draws.shape[0]:
        why = (f"chains mix too slowly ({details['ess']:.0f} effective draws from {draws.shape[0]} chain(s) "
               f"of {draws.shape[1]}; chain means {means})")
    elif details["ess"] < ESS_WARN:
        warns.append(f"only {details['ess']:.0f} effective draws: interval limits are rough")
    if why:
        return failed(method, model, n, f"not converged: {why}; run longer chains or check the lists",
                      details=details, params=params, warnings=tuple(warns), draws=flat)
    return checked(method, model, n, details["mean"], float(lo), float(hi), details=details, params=params,
                   warnings=tuple(warns), draws=flat)
