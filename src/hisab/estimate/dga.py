"""dga (Johndrow, Lum & Ball): Bayesian model averaging over decomposable graphical models.

Madigan & York (1997): a hyper-Dirichlet prior (delta per cell of the full 2^p table) on each
decomposable log-linear model gives the marginal likelihood of the completed table in closed form,
as a product over cliques divided by a product over separators. Averaging over all decomposable
graphs and a grid of unobserved counts gives the posterior of N. R materialises the whole
graphs x grid matrix (5.75 GB for 5-6 lists); here the graphs are streamed with a running
log-sum-exp, so memory is a few vectors of the grid's length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from hisab.estimate._dga_kernel import accumulate
from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.graphs import decomposable_graphs
from hisab.estimate.histories import CaptureHistories, ensure_histories
from hisab.estimate.result import EstimateResult, checked, failed

MAX_LISTS = 6
TAIL_WARN, TAIL_FAIL = 1e-4, 1e-2
DRAWS = 4000  # posterior draws kept for plots and for summing strata


def _marginal_terms(h: CaptureHistories, masks: set[int], grid: np.ndarray, delta: float) -> dict[int, np.ndarray]:
    """l_A(N0) for every clique or separator A (see ALGORITHMS.md 3.2)."""
    p = h.n_lists
    codes = h.codes()
    out = {}
    for mask in masks:
        a = bin(mask).count("1")
        d_a = delta * 2 ** (p - a)
        marg = np.zeros(1 << p, dtype=np.int64)
        np.add.at(marg, codes & mask, h.counts)
        cells = [c for c in range(1 << p) if c & ~mask == 0]
        nonzero = sum(gammaln(marg[c] + d_a) for c in cells if c != 0)
        out[mask] = gammaln(grid + marg[0] + d_a) + nonzero - (1 << a) * gammaln(d_a)
    return out


@dataclass(frozen=True)
class DGAPosterior:
    """Posterior of N over the grid, and of each graph (streamed, never the full matrix)."""

    n_grid: np.ndarray  # N values
    prob: np.ndarray  # posterior probability of each N
    graph_labels: tuple[str, ...]
    graph_prob: np.ndarray
    graph_mean: np.ndarray


def posterior(h: CaptureHistories, delta: float, grid: np.ndarray, log_prior=None) -> DGAPosterior:
    """The joint posterior over (graph, N0), accumulated graph by graph."""
    p = h.n_lists
    graphs = decomposable_graphs(p)
    n = h.observed
    big_n = n + grid
    masks = {m for g in graphs for m in (*g.cliques, *g.separators)}
    terms = _marginal_terms(h, masks, grid.astype(float), delta)
    total = 2**p * delta
    shared = gammaln(total) - gammaln(big_n + total)
    const = gammaln(big_n + 1) - gammaln(grid + 1.0)
    const = const + (-np.log(big_n) if log_prior is None else log_prior(big_n))
    order = sorted(masks)
    index = {m: i for i, m in enumerate(order)}
    term_mat = np.vstack([terms[m] for m in order])
    starts, members, signs = [0], [], []
    for g in graphs:
        for c in g.cliques:
            members.append(index[c])
            signs.append(1.0)
        for s in g.separators:
            members.append(index[s])
            signs.append(-1.0)
        starts.append(len(members))
    ks = np.array([len(g.cliques) - len(g.separators) for g in graphs], dtype=float)
    prob, g_log, g_mean = accumulate(term_mat, const, shared, big_n.astype(float), np.array(starts),
                                     np.array(members), np.array(signs), ks)
    gp = np.exp(g_log - g_log.max())
    return DGAPosterior(big_n, prob, tuple(g.label() for g in graphs), gp / gp.sum(), g_mean)


def quantile(values: np.ndarray, prob: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative posterior probability reaches q."""
    return float(values[min(int(np.searchsorted(np.cumsum(prob), q)), len(values) - 1)])


def negative_binomial_log_prior(a: float, b: float):
    """The negative-binomial prior on N of dga's documented 3-list example (Madigan & York 1997):
    log p(N) = N log b - (N + a) log(1 + b) + lgamma(N + a) - lgamma(N + 1) - lgamma(a)."""
    if not (a > 0 and b > 0):
        raise EstimateOptionError(f"the negative-binomial prior needs a > 0 and b > 0; found {a!r}, {b!r}")

    def log_prior(big_n: np.ndarray) -> np.ndarray:
        big_n = np.asarray(big_n, dtype=float)
        return big_n * np.log(b) - (big_n + a) * np.log1p(b) + gammaln(big_n + a) - gammaln(big_n + 1) - gammaln(a)

    return log_prior


class DGA:
    """dga's BMA estimator in the hisab convention.

    Parameters
    ----------
    delta : hyper-Dirichlet parameter per cell (default 2^-p; dga's man page suggestion). delta = 1 with
        4-5 lists puts almost all mass on the saturated graph and N close to n.
    max_missing : end of the grid of unobserved counts (default 30 n); the tail mass is reported.
    min_missing : start of that grid (default 0; dga's documentation examples start at 1).
    log_prior : function of N giving the log prior (default -log N), e.g. `negative_binomial_log_prior`.
    """

    def __init__(self, *, delta: float | None = None, max_missing: int | None = None, log_prior=None,
                 top: int = 5, seed: int | None = None, min_missing: int = 0):
        self.delta = delta
        self.max_missing = max_missing
        self.min_missing = min_missing
        self.log_prior = log_prior
        self.top = top
        self.seed = seed

    def fit(self, h: CaptureHistories) -> EstimateResult:
        h = ensure_histories(h)
        p = h.n_lists
        if not 3 <= p <= MAX_LISTS:
            raise EstimateOptionError(f"dga averages over decomposable graphs of 3 to {MAX_LISTS} lists; found {p}")
        delta = 2.0**-p if self.delta is None else float(self.delta)
        if not delta > 0:
            raise EstimateOptionError(f"delta must be positive; found {self.delta!r}")
        hi = 30 * h.observed if self.max_missing is None else int(self.max_missing)
        if hi < 1:
            raise EstimateOptionError(f"max_missing must be at least 1; found {self.max_missing!r}")
        lo = self.min_missing
        if not isinstance(lo, int | np.integer) or not 0 <= lo < hi:
            raise EstimateOptionError(f"min_missing must be an integer from 0 to max_missing - 1; found {lo!r}")
        post = posterior(h, delta, np.arange(lo, hi + 1), self.log_prior)
        order = np.argsort(-post.graph_prob)[: self.top]
        tail = float(post.prob[int(0.99 * len(post.prob)):].sum())
        mean = float(post.prob @ post.n_grid)
        details = {
            "mean": mean, "median": quantile(post.n_grid, post.prob, 0.5),
            "mode": float(post.n_grid[int(np.argmax(post.prob))]),
            "interval": "posterior 2.5% and 97.5% quantiles", "mass_last1pct": tail, "delta": delta,
            "grid": [int(lo), hi],
            "top_models": [{"graph": post.graph_labels[i], "prob": float(post.graph_prob[i]),
                            "mean": float(post.graph_mean[i])} for i in order],
        }
        warns: tuple[str, ...] = ()
        if tail > TAIL_FAIL:
            return failed("dga", "BMA", h.observed, f"{tail:.2%} of the posterior lies in the last 1% of the "
                          f"grid (N0 <= {hi:,}): the posterior is cut off; raise max_missing",
                          details=details, params={"delta": delta, "max_missing": hi})
        if tail > TAIL_WARN:
            warns = (f"{tail:.2%} of the posterior lies in the last 1% of the grid: raise max_missing",)
        params = {"delta": delta, "min_missing": int(lo), "max_missing": hi,
                  "prior": "1/N" if self.log_prior is None else "custom", "seed": self.seed}
        draws = np.random.default_rng(self.seed).choice(post.n_grid, size=DRAWS, p=post.prob)
        return checked("dga", "BMA: " + post.graph_labels[order[0]], h.observed, mean,
                       quantile(post.n_grid, post.prob, 0.025), quantile(post.n_grid, post.prob, 0.975),
                       details=details, params=params, warnings=warns, draws=draws)
