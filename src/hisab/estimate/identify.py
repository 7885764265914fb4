"""Does a log-linear model's estimate exist, and is it identifiable? (SparseMSE's `checkident`.)

A pair of lists with no one on both gives an interaction of minus infinity: the cells holding both
lists are removed and the term dropped. The extended MLE then exists iff the linear programme
max s s.t. A x = A y, x >= s, x >= 0 has s* > 0 (Fienberg & Rinaldo 2012), where A is the transposed
model matrix; it is identifiable iff that matrix has full column rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import linprog

from hisab.estimate.histories import CaptureHistories

Pair = tuple[int, int]


def all_cells(n_lists: int) -> np.ndarray:
    """All 2^J - 1 non-empty patterns, ordered by number of lists then by code (SparseMSE's full table)."""
    codes = np.arange(1, 1 << n_lists)
    pats = ((codes[:, None] >> np.arange(n_lists)) & 1).astype(np.uint8)
    order = np.lexsort((codes, pats.sum(axis=1)))
    return pats[order]


def all_pairs(n_lists: int) -> list[Pair]:
    return list(combinations(range(n_lists), 2))


@dataclass(frozen=True)
class ModelData:
    """The cells, counts and design matrix of a model after removing empty overlaps."""

    cells: np.ndarray
    counts: np.ndarray
    x: np.ndarray
    terms: tuple[Pair, ...]  # pairs kept as design columns
    empty: tuple[Pair, ...]  # pairs whose overlap is empty (parameter -inf)


def model_data(h: CaptureHistories, pairs: list[Pair] | tuple[Pair, ...]) -> ModelData:
    """Build SparseMSE's data matrix for a model with these two-list terms (in the order given)."""
    cells = all_cells(h.n_lists)
    codes = cells.astype(np.int64) @ (1 << np.arange(h.n_lists))
    counts = h.full_counts()[codes - 1]
    kept: list[Pair] = []
    empty: list[Pair] = []
    for i, j in pairs:
        both = (cells[:, i] == 1) & (cells[:, j] == 1)
        if counts[both].sum() == 0:
            empty.append((i, j))
            cells, counts = cells[~both], counts[~both]
        else:
            kept.append((i, j))
    cols = [np.ones(len(cells)), *cells.T.astype(float)]
    cols += [(cells[:, i] * cells[:, j]).astype(float) for i, j in kept]
    return ModelData(cells, counts, np.column_stack(cols), tuple(kept), tuple(empty))


@dataclass(frozen=True)
class Identifiability:
    """Whether the model's estimate exists and is identifiable, and in words why not."""

    exists: bool
    identifiable: bool
    rank_deficiency: int
    empty_overlaps: tuple[Pair, ...]

    @property
    def ierr(self) -> int:
        """SparseMSE's code: 1 = estimate not finite, 2 = not identifiable, 3 = both."""
        return int(not self.exists) + 2 * int(not self.identifiable)

    @property
    def ok(self) -> bool:
        return self.exists and self.identifiable


def lp_exists(x: np.ndarray, counts: np.ndarray) -> bool:
    """Fienberg-Rinaldo LP: True iff a strictly positive table has the same sufficient statistics."""
    if (counts > 0).all():
        return True  # the observed table itself is strictly positive
    a = x.T
    n_par, n_obs = a.shape
    t = a @ counts
    a_eq = np.hstack([a, np.zeros((n_par, 1))])
    a_ub = np.hstack([-np.eye(n_obs), np.ones((n_obs, 1))])  # s - x_i <= 0
    res = linprog(np.r_[np.zeros(n_obs), -1.0], A_ub=a_ub, b_ub=np.zeros(n_obs), A_eq=a_eq, b_eq=t,
                  bounds=[(0, None)] * (n_obs + 1), method="highs")
    if res.status != 0:
        return False
    return -res.fun > 1e-9 * max(1.0, float(counts.sum()))


def check_model(h: CaptureHistories, pairs) -> Identifiability:
    """SparseMSE's `checkident` for the model with main effects and these two-list terms."""
    md = model_data(h, list(pairs))
    rankdef = md.x.shape[1] - int(np.linalg.matrix_rank(md.x))
    return Identifiability(lp_exists(md.x, md.counts), rankdef == 0, rankdef, md.empty)


def count_triples(h: CaptureHistories) -> int:
    """Number of list triples that overlap pairwise; 0 makes the all-two-way model unidentifiable."""
    seen = h.patterns[h.counts > 0].astype(np.int64)
    adj = (seen.T @ seen > 0).astype(np.int64)
    np.fill_diagonal(adj, 0)
    return int(np.sum(adj * (adj @ adj)) // 6)


def explain(h: CaptureHistories, pairs, ident: Identifiability) -> str:
    """Why a model cannot be estimated, in words a reader of a report can check."""
    names = h.lists
    parts = []
    if ident.empty_overlaps:
        gone = ", ".join(f"{names[i]}:{names[j]}" for i, j in ident.empty_overlaps)
        parts.append(f"no one is on both lists of {gone}, so those interactions are -inf and their cells drop out")
    if not ident.identifiable:
        parts.append(f"the model matrix is rank-deficient by {ident.rank_deficiency} "
                     "(more parameters than the remaining cells can pin down)")
    if not ident.exists:
        parts.append("the maximum-likelihood estimate does not exist (Fienberg-Rinaldo LP optimum is 0)")
    if len(list(pairs)) == len(all_pairs(h.n_lists)) and count_triples(h) == 0:
        parts.append("no three lists overlap pairwise, so the all-two-way model is not identifiable")
    status = "not identifiable" if not ident.identifiable else "estimate does not exist"
    return f"{status}: " + "; ".join(parts)
