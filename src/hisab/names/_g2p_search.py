"""Beam search over the joint-sequence model (`_g2p.py`), one array operation per Arabic letter.

A beam item is a spelling so far, the model's history (the last few letter=chunk units) and a score.
Spelling a word letter by letter in Python costs a dictionary look-up per item and option (128 x 24 per
letter); screening spells every Arabic word of the sanctions lists, so that was too slow. Here:

- the model is held as sorted arrays of n-gram codes (`ArrayModel`), so the back-off probabilities of
  every (history, option) pair of a letter are a few `searchsorted` calls, and a history is one int;
- a spelling is a 64-bit polynomial hash of its letters, so that extending every item by every chunk is
  one multiply-add, and two chunkings of the same letters ("a"+"bc", "ab"+"c") get the same hash without
  building strings; items with the same spelling and history are merged (probabilities added) by sorting;
- the text itself is read back from parent pointers, only for the items left at the end.

The beam keeps the `beam` best items after each letter, as a plain search would (ties aside).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

_BASE = np.uint64(1_000_003)  # hash base; letters are coded by their code point (never 0)


def text_hash(text: str) -> int:
    """The polynomial hash that `Decoder` gives a spelling (mod 2**64)."""
    h = 0
    for ch in text:
        h = (h * 1_000_003 + ord(ch)) % (1 << 64)
    return h


class _Options:
    """A letter's options as arrays: unit ids, chunks, their hashes and the power of the base they shift by."""

    def __init__(self, units: Sequence[int], chunks: Sequence[str]):
        self.units = list(units)
        self.chunks = list(chunks)
        self.codes = np.array([text_hash(c) for c in chunks], dtype=np.uint64)
        self.shifts = np.array([pow(1_000_003, len(c), 1 << 64) for c in chunks], dtype=np.uint64)
        self.lengths = np.array([len(c) for c in chunks], dtype=np.int64)


class ArrayModel:
    """The back-off n-gram model as sorted arrays, to score many (history, unit) pairs at once.

    A tuple of units is coded as one int64, its units (id + 1) as digits in base V + 1, so the history
    after a unit is `(code * (V + 1) + unit + 1) % (V + 1) ** keep` and its suffixes are remainders.
    """

    def __init__(self, grams: dict[int, float], ctxs: dict[int, float], vocab: int, order: int, floor: float):
        """`grams`: n-gram code -> log p; `ctxs`: history code -> log back-off weight (see `code`)."""
        self.base = vocab + 1
        if self.base ** (order + 1) >= 2**62:
            raise ValueError(f"n-gram order {order} too high for {vocab} units")
        self.keep = order - 1
        self.floor = floor
        self.gram_codes, self.gram_lp = _sorted_arrays(grams)
        self.ctx_codes, self.ctx_bow = _sorted_arrays(ctxs)

    @classmethod
    def from_table(cls, table: dict[tuple[int, ...], tuple[dict[int, float], float]], vocab: int, order: int,
                   floor: float) -> ArrayModel:
        """From `BackoffModel.table` (history -> ({unit: log p}, log back-off weight))."""
        code = cls.coder(vocab)
        grams = {code((*ctx, u)): lp for ctx, (known, _) in table.items() for u, lp in known.items()}
        ctxs = {code(ctx): bow for ctx, (_, bow) in table.items() if bow}
        return cls(grams, ctxs, vocab, order, floor)

    @staticmethod
    def coder(vocab: int) -> Callable[[Sequence[int]], int]:
        """The function that codes a tuple of unit ids for a model of `vocab` units."""
        base = vocab + 1

        def code(units: Sequence[int]) -> int:
            c = 0
            for u in units:
                c = c * base + u + 1
            return c

        return code

    def code(self, units: Sequence[int]) -> int:
        return self.coder(self.base - 1)(units)

    def next_hist(self, hist: np.ndarray, units: np.ndarray) -> np.ndarray:
        """The history after each unit, for each history: (len(hist), len(units))."""
        if not self.keep:
            return np.zeros((hist.size, units.size), dtype=np.int64)
        return (hist[:, None] * self.base + units[None, :] + 1) % self.base**self.keep

    def logp(self, hist: np.ndarray, units: np.ndarray) -> np.ndarray:
        """log p(unit | history) for each history (row) and unit (column), as `BackoffModel.logp`."""
        return self.score(hist[:, None], units[None, :])

    def score(self, hist: np.ndarray, units: np.ndarray) -> np.ndarray:
        """log p(unit | history) for broadcastable arrays of history codes and units."""
        shape = np.broadcast_shapes(hist.shape, units.shape)
        out = np.zeros(shape)
        done = np.zeros(shape, dtype=bool)
        acc = np.zeros(hist.shape)  # back-off weights so far: per history, broadcast over units
        for k in range(self.keep, -1, -1):
            ctx = hist % self.base**k
            valid = hist >= self.base ** (k - 1) if k else np.ones(hist.shape, dtype=bool)
            at, found = _find(self.gram_codes, ctx * self.base + units + 1)
            new = found & ~done & valid
            out[new] = (acc + self.gram_lp[at])[new]
            done |= new
            at_c, has = _find(self.ctx_codes, ctx)
            acc = acc + np.where(has & valid, self.ctx_bow[at_c], 0.0)
        rest = ~done
        out[rest] = np.broadcast_to(acc + self.floor, shape)[rest]
        return out


def _sorted_arrays(values: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    codes = np.fromiter(values.keys(), dtype=np.int64, count=len(values))
    logs = np.fromiter(values.values(), dtype=np.float64, count=len(values))
    order = np.argsort(codes, kind="stable")
    return codes[order], logs[order]


def _find(sorted_codes: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each code in `sorted_codes` (clipped) and whether it is there."""
    if not sorted_codes.size:
        return np.zeros(codes.shape, dtype=np.int64), np.zeros(codes.shape, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_codes, codes), sorted_codes.size - 1)
    return at, sorted_codes[at] == codes


class Decoder:
    """The search: `nbest` (free spelling) and `forced` (the score of given spellings)."""

    def __init__(self, model: ArrayModel, by_letter: dict[str, list[tuple[int, str]]],
                 fallback: dict[str, str], start: int, end: int, beam: int):
        self.model = model
        self.options = {k: _Options([u for u, _ in v], [c for _, c in v]) for k, v in by_letter.items() if v}
        self.unit_ids = {k: np.array(v.units, dtype=np.int64) for k, v in self.options.items()}
        self.fixed = {k: _Options([-1], [c]) for k, c in fallback.items() if k not in self.options}
        self.unknown = _Options([-1], [""])
        self.start_hist = model.code([start])
        self.end = np.array([end], dtype=np.int64)
        self.beam = beam

    def _end(self, hist: np.ndarray) -> np.ndarray:
        return self.model.logp(hist, self.end)[:, 0] if hist.size else np.zeros(0)

    def _expand(self, letter: str, hist: np.ndarray):
        """The letter's options and, for each item, each option's (log p, next history): (K,), (n, K) x2."""
        opts = self.options.get(letter)
        if opts is None:
            fixed = self.fixed.get(letter, self.unknown)
            return fixed, np.zeros((hist.size, 1)), hist[:, None]
        units = self.unit_ids[letter]
        uniq, inverse = np.unique(hist, return_inverse=True)
        lp, nxt = self.model.logp(uniq, units), self.model.next_hist(uniq, units)
        return opts, lp[inverse], nxt[inverse]

    def nbest(self, word: str) -> dict[str, float]:
        """Spellings left in the beam at the end, with their log-probabilities (chunkings added)."""
        score = np.zeros(1)
        hashes = np.zeros(1, dtype=np.uint64)
        hist = np.array([self.start_hist], dtype=np.int64)
        trail: list[tuple[np.ndarray, np.ndarray, list[str]]] = []  # per letter: parent, chunk index, chunks
        for letter in word:
            opts, lp, nxt = self._expand(letter, hist)
            k = len(opts.chunks)
            s = (score[:, None] + lp).ravel()
            h = (hashes[:, None] * opts.shifts[None, :] + opts.codes[None, :]).ravel()
            n = nxt.ravel()
            s, h, n, first = _merge(s, h, n, None, self.beam)
            trail.append((first // k, first % k, opts.chunks))
            score, hashes, hist = s, h, n
        texts = _read_back(trail, hist.size)
        total = score + self._end(hist)
        final: dict[str, float] = {}
        for text, value in zip(texts, total.tolist(), strict=True):
            if text:
                old = final.get(text)
                final[text] = value if old is None else float(np.logaddexp(old, value))
        return final

    def forced(self, word: str, latins: Sequence[str]) -> dict[str, float]:
        """Log-probability that `word` is spelt each of `latins` (the best `beam` chunkings of each added);
        spellings the model cannot produce are left out."""
        if not latins:
            return {}
        lengths = np.array([len(t) for t in latins], dtype=np.int64)
        prefix = np.zeros((len(latins), int(lengths.max()) + 1), dtype=np.uint64)
        for i, text in enumerate(latins):
            h = 0
            for j, ch in enumerate(text, 1):
                h = (h * 1_000_003 + ord(ch)) % (1 << 64)
                prefix[i, j] = h
        name = np.arange(len(latins), dtype=np.int64)
        pos = np.zeros(len(latins), dtype=np.int64)
        score = np.zeros(len(latins))
        hist = np.full(len(latins), self.start_hist, dtype=np.int64)
        for letter in word:
            opts, lp, nxt = self._expand(letter, hist)
            new_pos = pos[:, None] + opts.lengths[None, :]
            fits = new_pos <= lengths[name][:, None]
            at = np.minimum(new_pos, prefix.shape[1] - 1)
            want = prefix[name, pos][:, None] * opts.shifts[None, :] + opts.codes[None, :]
            fits &= prefix[name[:, None], at] == want
            rows, cols = np.nonzero(fits)
            if rows.size == 0:
                return {}
            s, n, p = score[rows] + lp[rows, cols], nxt[rows, cols], new_pos[rows, cols]
            # Merge on (name, position, history); keep each name's `beam` best states.
            key = p * len(latins) + name[rows]
            score, key, hist, first = _merge(s, key.astype(np.uint64), n, name[rows], self.beam)
            name, pos = (key % len(latins)).astype(np.int64), (key // len(latins)).astype(np.int64)
        done = pos == lengths[name]
        total = score[done] + self._end(hist[done])
        out: dict[str, float] = {}
        for i, value in zip(name[done].tolist(), total.tolist(), strict=True):
            old = out.get(latins[i])
            out[latins[i]] = value if old is None else float(np.logaddexp(old, value))
        return out


def _merge(score: np.ndarray, key: np.ndarray, hist: np.ndarray, group: np.ndarray | None, beam: int):
    """Add up the items with the same (key, hist) and keep the `beam` best (per group, if given).

    Returns the merged scores, keys, histories and, for each, the index of one item it came from.
    """
    order = np.lexsort((hist, key))
    key, hist, score = key[order], hist[order], score[order]
    starts = np.flatnonzero(np.r_[True, (key[1:] != key[:-1]) | (hist[1:] != hist[:-1])])
    merged = np.logaddexp.reduceat(score, starts) if score.size else score
    key, hist, first = key[starts], hist[starts], order[starts]
    if group is None:
        if merged.size > beam:
            best = np.argpartition(-merged, beam - 1)[:beam]
            best = best[np.lexsort((key[best], -merged[best]))]  # deterministic order
            return merged[best], key[best], hist[best], first[best]
        return merged, key, hist, first
    g = group[first]
    rank_order = np.lexsort((key, -merged, g))
    g_sorted = g[rank_order]
    group_start = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
    sizes = np.diff(np.r_[group_start, g_sorted.size])
    rank = np.arange(g_sorted.size) - np.repeat(group_start, sizes)
    keep = rank_order[rank < beam]
    return merged[keep], key[keep], hist[keep], first[keep]


def _read_back(trail: list[tuple[np.ndarray, np.ndarray, list[str]]], n: int) -> list[str]:
    """The spelling of each of the `n` final items, from the parent pointers of each letter."""
    item = np.arange(n)
    pieces: list[list[str]] = []
    for parent, chunk, chunks in reversed(trail):
        pieces.append([chunks[c] for c in chunk[item].tolist()])
        item = parent[item]
    return ["".join(parts) for parts in zip(*reversed(pieces), strict=True)] if pieces else [""] * n
