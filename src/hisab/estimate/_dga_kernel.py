"""dga's graph loop, compiled with numba: one fused pass per graph, no temporaries of the grid's size.

For each graph g the log joint posterior over the grid is row_g = base + k_g * shared + sum of clique
terms - sum of separator terms; the loop keeps a running log-sum-exp over graphs (so memory is O(grid)),
each graph's total log mass and its posterior mean of N.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def accumulate(terms: np.ndarray, base: np.ndarray, shared: np.ndarray, big_n: np.ndarray, starts: np.ndarray,
               members: np.ndarray, signs: np.ndarray, ks: np.ndarray) -> tuple:
    """Stream over graphs; returns (prob over grid, log mass of each graph, mean N of each graph)."""
    n_graphs = ks.shape[0]
    n_grid = base.shape[0]
    acc = np.zeros(n_grid)
    row = np.empty(n_grid)
    g_log = np.empty(n_graphs)
    g_mean = np.empty(n_graphs)
    run_max = -np.inf
    for g in range(n_graphs):
        m = -np.inf
        for i in range(n_grid):
            v = base[i] + ks[g] * shared[i]
            for q in range(starts[g], starts[g + 1]):
                v += signs[q] * terms[members[q], i]
            row[i] = v
            if v > m:
                m = v
        if m > run_max:
            scale = math.exp(run_max - m) if run_max > -np.inf else 0.0
            for i in range(n_grid):
                acc[i] *= scale
            run_max = m
        shift = math.exp(m - run_max)
        sw = 0.0
        sn = 0.0
        for i in range(n_grid):
            w = math.exp(row[i] - m)
            sw += w
            sn += w * big_n[i]
            acc[i] += w * shift
        g_log[g] = m + math.log(sw)
        g_mean[g] = sn / sw
    return acc / acc.sum(), g_log, g_mean
