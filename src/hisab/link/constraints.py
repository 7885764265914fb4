"""Clustering under clerical decisions, and the one-to-one constraint for linking two deduplicated lists.

`cluster_pairs` is single-linkage over pairs at or above a match-weight threshold, taken strongest first,
with must-link pairs joined before anything else and cannot-link pairs never ending up in one cluster
(a merge that would join them is refused). `mutual_best` keeps a pair only when each record is the
other's best candidate: a hash-join over the pair table, linear in the number of pairs, where Splink's
own one-to-one clustering degrades to a nested-loop join on DuckDB 2.0.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from hisab.link.errors import LinkInputError

__all__ = ["cluster_pairs", "components", "mutual_best", "pair_positions"]


class _Forest:
    def __init__(self, n: int, constrained: dict[int, set[int]]):
        self.parent = np.arange(n)
        # per root: constrained members, and the records they may never join
        self.members = {i: {i} for i in constrained}
        self.forbidden = {i: set(v) for i, v in constrained.items()}

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return int(root)

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        fa, fb = self.forbidden.get(ra, set()), self.forbidden.get(rb, set())
        ma, mb = self.members.get(ra, set()), self.members.get(rb, set())
        if (fa & mb) or (fb & ma):
            if force:
                raise LinkInputError("a chain of 'same' decisions joins two records decided 'different'")
            return False
        if len(ma) < len(mb):
            ra, rb, ma, mb, fa, fb = rb, ra, mb, ma, fb, fa
        self.parent[rb] = ra
        if mb or fb:
            self.members[ra] = ma | mb
            self.forbidden[ra] = fa | fb
            self.members.pop(rb, None)
            self.forbidden.pop(rb, None)
        return True


def cluster_pairs(
    ids: Iterable[str], pairs: pd.DataFrame, threshold: float,
    must_link: Iterable[tuple[str, str]] = (), cannot_link: Iterable[tuple[str, str]] = (),
    positions: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.Series:
    """Cluster id (the smallest member's position, as int) for every id, indexed by id.

    `pairs` has unique_id_l, unique_id_r and match_weight; pairs below `threshold` are ignored.
    `positions` (each pair's two records as positions in `ids`) spares looking the ids up again.
    """
    index = pd.Index(pd.Series(list(ids), dtype=str))
    if index.has_duplicates:
        raise LinkInputError("record ids must be unique")
    must_link, cannot_link = list(must_link), list(cannot_link)
    pos = {v: i for i, v in enumerate(index)} if must_link or cannot_link else {}
    must = [(_pos(pos, a), _pos(pos, b)) for a, b in must_link]
    cannot = [(_pos(pos, a), _pos(pos, b)) for a, b in cannot_link]
    constrained: dict[int, set[int]] = {}
    for a, b in cannot:
        if a == b:
            raise LinkInputError("a record cannot be decided 'different' from itself")
        constrained.setdefault(a, set()).add(b)
        constrained.setdefault(b, set()).add(a)
    left, right = pair_positions(index, pairs, positions)
    take = (pairs["match_weight"] >= threshold).to_numpy()
    kept, left, right = pairs[take], left[take], right[take]
    if not constrained:  # no cannot-link: plain connected components, vectorised
        both = (left >= 0) & (right >= 0)
        a = np.concatenate([left[both], np.array([m[0] for m in must], dtype=np.int64)])
        b = np.concatenate([right[both], np.array([m[1] for m in must], dtype=np.int64)])
        return pd.Series(components(len(index), a, b), index=index, name="cluster_id")
    forest = _Forest(len(index), constrained)
    for a, b in must:
        forest.union(a, b, force=True)
    order = np.argsort(-kept["match_weight"].to_numpy(), kind="stable")
    for a, b in zip(left[order].tolist(), right[order].tolist(), strict=True):
        if a >= 0 and b >= 0:
            forest.union(a, b)
    roots = np.fromiter((forest.find(i) for i in range(len(index))), dtype=np.int64, count=len(index))
    # relabel each cluster by its smallest member position, so ids are stable across runs
    first = pd.Series(np.arange(len(index))).groupby(roots).transform("min").to_numpy()
    return pd.Series(first, index=index, name="cluster_id")


def pair_positions(ids: pd.Index | list[str], pairs: pd.DataFrame,
                   positions: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Positions in `ids` of each pair's two records (-1 for an id not among them).

    Given `positions` are checked (one per pair, within range) and used as they are: at a million
    records, looking a million text ids up again costs seconds that the caller already spent.
    """
    if positions is None:
        index = pd.Index(pd.Series(list(ids), dtype=str))
        return (index.get_indexer(pairs["unique_id_l"].astype(str)),
                index.get_indexer(pairs["unique_id_r"].astype(str)))
    left, right = (np.asarray(p) for p in positions)
    if left.shape != (len(pairs),) or right.shape != (len(pairs),):
        raise LinkInputError(f"positions must hold one entry per pair ({len(pairs)}), "
                             f"got {left.shape} and {right.shape}")
    if not (np.issubdtype(left.dtype, np.integer) and np.issubdtype(right.dtype, np.integer)):
        raise LinkInputError("positions must be integers")
    left, right = left.astype(np.int64, copy=False), right.astype(np.int64, copy=False)
    if left.size and (min(left.min(), right.min()) < 0 or max(left.max(), right.max()) >= len(ids)):
        raise LinkInputError(f"positions must lie within the {len(ids)} records")
    return left, right


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of n nodes and edges (a[i], b[i]): each node's smallest component member.

    Hook-and-compress label propagation in numpy: every edge pulls both ends' labels (and their
    labels' labels) down to the smaller, then labels jump to their label's label, until nothing moves.
    """
    labels = np.arange(n, dtype=np.int64)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    if a.size == 0:
        return labels
    while True:
        la, lb = labels[a], labels[b]
        low = np.minimum(la, lb)
        new = labels.copy()
        for target in (a, b, la, lb):
            np.minimum.at(new, target, low)
        new = new[new]
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


def _pos(pos: dict[str, int], value: object) -> int:
    key = str(value)
    if key not in pos:
        raise LinkInputError(f"decision names record {key!r}, which is not among the records linked")
    return pos[key]


def mutual_best(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs that are each record's single best match both ways (ties broken by id, deterministic)."""
    if pairs.empty:
        return pairs
    ranked = pairs.sort_values(["match_weight", "unique_id_l", "unique_id_r"], ascending=[False, True, True],
                               kind="stable")
    best_l = ranked.drop_duplicates("unique_id_l")
    best_r = ranked.drop_duplicates("unique_id_r")
    key = ["unique_id_l", "unique_id_r"]
    return best_l.merge(best_r[key], on=key, how="inner").reset_index(drop=True)
