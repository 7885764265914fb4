"""Labelled decomposable (chordal) graphs on p lists, with cliques and separators, as dga uses them.

dga ships its graph lists for 3-5 lists (8, 61, 822 graphs); here they are generated: enumerate all
2^(p(p-1)/2) graphs, keep the chordal ones, take the maximal cliques, and the separators along a
maximum-weight spanning tree of the clique-intersection graph (zero-weight edges omitted).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations


@dataclass(frozen=True)
class Graph:
    """A decomposable graph: cliques and non-empty separators, each a bit mask over the lists."""

    cliques: tuple[int, ...]
    separators: tuple[int, ...]

    def label(self) -> str:
        """dga's notation: cliques as 1-based list numbers, joined by commas (e.g. '12,3')."""
        return ",".join("".join(str(i + 1) for i in range(16) if c >> i & 1) for c in self.cliques)


def _is_chordal(adj: list[int]) -> bool:
    """Remove simplicial vertices until none is left (fine for p <= 7)."""
    alive = (1 << len(adj)) - 1
    while alive:
        for v in range(len(adj)):
            if not alive >> v & 1:
                continue
            nb = adj[v] & alive
            if all((adj[u] & alive | 1 << u) & nb == nb for u in range(len(adj)) if nb >> u & 1):
                alive &= ~(1 << v)
                break
        else:
            return False
    return True


def _maximal_cliques(adj: list[int]) -> list[int]:
    p = len(adj)
    cliques = []
    for mask in range(1, 1 << p):
        members = [v for v in range(p) if mask >> v & 1]
        if all(adj[v] & (mask & ~(1 << v)) == mask & ~(1 << v) for v in members):
            cliques.append(mask)
    return sorted((c for c in cliques if not any(c != d and c & d == c for d in cliques)),
                  key=lambda c: (-bin(c).count("1"), c))


def _separators(cliques: list[int]) -> list[int]:
    """Intersections along a maximum-weight spanning tree of the clique graph (Kruskal)."""
    edges = sorted(((bin(a & b).count("1"), i, j) for (i, a), (j, b) in combinations(enumerate(cliques), 2)
                    if a & b), reverse=True)
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seps = []
    for _, i, j in edges:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            seps.append(cliques[i] & cliques[j])
    return seps


@lru_cache(maxsize=8)
def decomposable_graphs(p: int) -> tuple[Graph, ...]:
    """All labelled decomposable graphs on p vertices (8, 61, 822, 18154 for p = 3..6)."""
    pairs = list(combinations(range(p), 2))
    out = []
    for code in range(1 << len(pairs)):
        adj = [0] * p
        for k, (i, j) in enumerate(pairs):
            if code >> k & 1:
                adj[i] |= 1 << j
                adj[j] |= 1 << i
        if _is_chordal(adj):
            cliques = _maximal_cliques(adj)
            out.append(Graph(tuple(cliques), tuple(_separators(cliques))))
    return tuple(out)
