"""Choose the match threshold without truth: maximise the F1 the model itself expects.

If the model's match probabilities were calibrated, accepting the k most probable pairs would give
sum(p over those k) true matches; the expected F1 is 2 * that sum / (k + sum of p over every pair).
The threshold is the weight of the pair that maximises it. It needs no labels, and it moves with
the data (a list with few true duplicates gets a stricter threshold than one with many).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hisab.link.errors import LinkInputError

__all__ = ["clustered_threshold", "expected_f1_threshold", "probability_to_weight", "weight_to_probability"]


def weight_to_probability(weight: float) -> float:
    return float(1.0 / (1.0 + 2.0 ** (-weight)))


def probability_to_weight(probability: float) -> float:
    if not 0.0 < probability < 1.0:
        raise LinkInputError(f"match probability must be strictly between 0 and 1, got {probability}")
    return float(np.log2(probability / (1.0 - probability)))


def expected_f1_threshold(weights: np.ndarray, floor: float = 0.0) -> float:
    """Match weight at which the model's expected F1 over these candidate pairs is highest.

    Never below `floor` (weight 0 is match probability 0.5): below it a pair is more likely a
    non-match than a match even by the model's own account.
    """
    w = np.sort(np.asarray(weights, dtype=np.float64))[::-1]
    w = w[np.isfinite(w)]
    if w.size == 0:
        return floor
    p = 1.0 / (1.0 + np.exp2(-w))
    tp = np.cumsum(p)
    k = np.arange(1, w.size + 1)
    f1 = 2.0 * tp / (k + tp[-1])
    best = int(np.argmax(f1))
    return float(max(w[best], floor))


def clustered_threshold(ids: pd.Index | list[str], pairs: pd.DataFrame, grid: np.ndarray | None = None,
                        floor: float = 0.0, positions: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """Threshold that maximises the model's expected F1 *after* clustering, for deduplication.

    Single-linkage chains: two pairs above the threshold can put two unrelated records in one cluster.
    So for each candidate threshold the clusters are built, and the expected F1 counts every pair inside
    a cluster as predicted (an unscored pair inside a cluster adds no expected true match). A threshold
    whose chains build large mixed clusters therefore scores badly, with no truth needed.
    `positions` (each pair's two records as positions in `ids`) spares looking the ids up again.
    """
    from hisab.link.constraints import components, pair_positions

    weights = pairs["match_weight"].to_numpy(dtype=np.float64)
    finite = weights[np.isfinite(weights)]
    if finite.size == 0:
        return floor
    if grid is None:
        top = min(max(float(np.quantile(finite, 0.99)), floor + 1.0), floor + 16.0)
        grid = np.arange(floor, top, 1.0)
    prob = 1.0 / (1.0 + np.exp2(-np.clip(weights, -60, 60)))
    total = float(prob.sum())
    n = len(ids)
    left, right = pair_positions(ids, pairs, positions)
    known = (left >= 0) & (right >= 0)
    left, right, weights, prob = left[known], right[known], weights[known], prob[known]
    grid = np.asarray(grid, dtype=np.float64)
    if grid.size == 0:
        return floor
    f1 = np.empty(grid.size)
    labels, above = np.arange(n, dtype=np.int64), np.inf
    # Strictest threshold first: each lower one only adds the pairs between the two, so the clusters
    # grow from the last ones (merging their smallest members gives the same labels as starting over).
    for i in np.argsort(-grid, kind="stable").tolist():
        new = (weights >= grid[i]) & (weights < above)
        labels = components(n, labels[left[new]], labels[right[new]])[labels]
        above = min(above, grid[i])
        sizes = np.bincount(labels, minlength=n).astype(np.float64)
        predicted = float((sizes * (sizes - 1) / 2).sum())
        expected_tp = float(prob[labels[left] == labels[right]].sum())
        f1[i] = 2 * expected_tp / (predicted + total) if predicted + total else 0.0
    return float(grid[int(np.argmax(f1))])  # the first best, in the grid's order
