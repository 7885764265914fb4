"""Spell an Arabic word that the dictionary does not know, letter by letter, from a learnt model.

Arabic leaves short vowels unwritten, so any spelling is a guess. The model (`char_model.tsv`, learnt by
`tools/names_train_charmodel.py` from the dictionary's own sources) scores a spelling as the sum of three
log-probabilities: each letter's Latin chunk given the letters on either side; the sequence of
letter=chunk pairs (a joint 4-gram); and the Latin letters themselves (a 4-gram). The weights were chosen
on Google's eval split, never its test split. The best few spellings are found by beam search, with
spellings reached by different chunkings added together. Letters the model never saw get a usual Latin
letter from a small table.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from hisab.names._data import DATA_DIR

MODEL_FILE = DATA_DIR / "char_model.tsv"
_K = 0.3  # smoothing mass given to the shorter context
_BEAM = 40
_LM_WEIGHT = 0.6  # weight of the Latin letter model
_LM_K = 1.0  # Witten-Bell factor of the Latin letter model
_J_WEIGHT = 1.5  # weight of the joint letter=chunk model
_J_K = 2.0  # Witten-Bell factor: how much a history with many followers backs off
_CTX_WEIGHT = 1.0  # weight of the chunk-given-neighbours model
_J_ORDER = 3  # units of history in the joint model
_OPTIONS = 8  # chunks tried per letter

_FALLBACK = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "o", "ي": "i", "ا": "a", "ع": "a",
}


class CharModel:
    """Chunk counts by context: L, pL, Ln, pLn (p, n: neighbouring letters; ^ and $ at word ends)."""

    def __init__(self, counts: dict[str, dict[str, int]]):
        self.counts = counts
        self.totals = {k: sum(v.values()) for k, v in counts.items()}

    @classmethod
    def load(cls, path: Path) -> CharModel:
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or not line:
                    continue
                key, chunk, count = line.split("\t")
                counts[key][chunk] = int(count)
        return cls(dict(counts))

    def distribution(self, prev: str, letter: str, nxt: str) -> list[tuple[float, str]]:
        """Smoothed log-probabilities of the chunks `letter` may become here, best first."""
        uni = self.counts.get(letter)
        if not uni:
            chunk = _FALLBACK.get(letter, "")
            return [(0.0, chunk)]
        t1 = self.totals[letter]
        left, right, both = (self.counts.get(k, {}) for k in (prev + letter, letter + nxt, prev + letter + nxt))
        t_mid = self.totals.get(prev + letter, 0) + self.totals.get(letter + nxt, 0)
        t3 = self.totals.get(prev + letter + nxt, 0)
        out = []
        for chunk, c1 in uni.items():
            p1 = c1 / t1
            p2 = (left.get(chunk, 0) + right.get(chunk, 0) + _K * p1) / (t_mid + _K)
            p3 = (both.get(chunk, 0) + _K * p2) / (t3 + _K)
            out.append((math.log(p3), chunk))
        out.sort(reverse=True)
        return out[:_OPTIONS]

    def lm(self, history: str, char: str) -> float:
        """Log-probability of a Latin letter after `history` (Witten-Bell 4-gram; $ ends a word)."""
        p = 1.0 / 28
        padded = "^^^" + history
        for order in range(4):
            h = padded[len(padded) - order :] if order else ""
            counts = self.counts.get("LM:" + h)
            if counts is None:
                break
            k = _LM_K * len(counts)
            p = (counts.get(char, 0) + k * p) / (self.totals["LM:" + h] + k)
        return math.log(p)

    def joint(self, history: tuple[str, ...], unit: str) -> float:
        """Log-probability of a letter=chunk unit after the units before it (interpolated 4-gram)."""
        p = 1e-6
        for order in range(len(history) + 1):
            h = " ".join(history[len(history) - order :]) if order else ""
            counts = self.counts.get("J:" + h)
            if counts is None:
                break
            k = _J_K * len(counts)  # Witten-Bell: back off more after histories with many followers
            p = (counts.get(unit, 0) + k * p) / (self.totals["J:" + h] + k)
        return math.log(p)

    def _lm_text(self, prefix: str, chunk: str) -> float:
        total = 0.0
        for ch in chunk:
            total += self.lm(prefix, ch)
            prefix += ch
        return total

    def spell(self, word: str, n: int) -> list[str]:
        padded = "^" + word + "$"
        # A beam item: (score, text, last two units). Items with the same text and history merge.
        beam: list[tuple[float, str, tuple[str, ...]]] = [(0.0, "", ("^",) * _J_ORDER)]
        for i, letter in enumerate(word):
            options = self.distribution(padded[i], letter, padded[i + 2])
            merged: dict[tuple[str, tuple[str, ...]], float] = {}
            for score, text, hist in beam:
                for logp, chunk in options:
                    unit = f"{letter}={chunk}"
                    s = score + _CTX_WEIGHT * logp + _J_WEIGHT * self.joint(hist, unit)
                    if _LM_WEIGHT:
                        s += _LM_WEIGHT * self._lm_text(text, chunk)
                    key = (text + chunk, (*hist[1:], unit))
                    old = merged.get(key)
                    merged[key] = s if old is None else _logadd(old, s)
            beam = heapq.nlargest(_BEAM, ((s, t, h) for (t, h), s in merged.items()))
        final: dict[str, float] = {}
        for s, t, h in beam:
            if t:
                s += _J_WEIGHT * self.joint(h, "$") + _LM_WEIGHT * self.lm(t, "$")
                final[t] = s if t not in final else _logadd(final[t], s)
        return [t for t, _ in sorted(final.items(), key=lambda kv: -kv[1])[:n]]


def _logadd(a: float, b: float) -> float:
    hi, lo = (a, b) if a > b else (b, a)
    return hi + math.log1p(math.exp(lo - hi))


@lru_cache(maxsize=1)
def _model() -> CharModel:
    return CharModel.load(MODEL_FILE)


def spell_word(word: str, n: int) -> list[str]:
    """Up to `n` guessed spellings of one Arabic word (loose form), likeliest first."""
    return _model().spell(word, n)
