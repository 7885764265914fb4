"""Spell an Arabic word letter by letter with a joint-sequence model learnt from name pairs.

Arabic leaves short vowels unwritten, so a word has many plausible spellings, and which one lists use
depends on the letters around each one (a final ي is "i" after a consonant, "y" before a vowel…). The
model treats a spelling as a sequence of units, each an Arabic letter with the Latin chunk it became
(ب=b, ي=ie, ه=ah, ا=), and scores the sequence with an n-gram model over those units, learnt by
`tools/names_build_translit.py` (alignment by EM, Kneser-Ney smoothing) and stored in back-off form, so
a probability is a few look-ups. The best spellings are found by beam search (`_g2p_search.py`, array
operations per letter), adding up the different unit sequences that give the same spelling. Most of them
are not names at all ("edmun" for ادمون), so a spelling found on a list of known Latin names (census,
Faker and Gaza dictionary lists; see ORIGIN.md) gets a bonus per list, and every spelling gets the score
of a Latin letter model of names (how name-like it looks), with weights chosen on held-out pairs.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import numpy as np

from hisab.names._data import DATA_DIR
from hisab.names._g2p_search import ArrayModel, Decoder

MODEL_FILE = DATA_DIR / "translit_model.tsv.gz"
NAMES_FILE = DATA_DIR / "latin_names.tsv.gz"

# Latin letters for Arabic letters the model never saw (it is learnt from loose-form words).
_FALLBACK = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "o", "ي": "i", "ا": "a", "ع": "a", "ء": "", "ة": "a",
    "ى": "a", "أ": "a", "إ": "i", "آ": "a", "ؤ": "u", "ئ": "i", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


class BackoffModel:
    """An n-gram model in back-off form: log p(unit | history) for seen n-grams, log weights otherwise.

    N-grams are tuples of unit ids (int). `logp` walks from the longest history down, adding the back-off
    weight of each history that has no entry for the unit, as in the ARPA format.
    """

    def __init__(self, order: int, probs: dict[tuple[int, ...], float], bows: dict[tuple[int, ...], float]):
        self.order = order
        self.floor = min(probs.values(), default=-20.0) - 5.0
        # history -> ({unit: log p}, log back-off weight): one look-up per history, not per unit.
        followers: dict[tuple[int, ...], dict[int, float]] = {}
        for gram, value in probs.items():
            followers.setdefault(gram[:-1], {})[gram[-1]] = value
        self.table = {ctx: (followers.get(ctx, {}), bows.get(ctx, 0.0)) for ctx in followers.keys() | bows.keys()}

    def logp(self, history: tuple[int, ...], unit: int) -> float:
        """log p(unit | history): the longest history that knows the unit, plus the back-off weights of
        the longer ones that do not (the search itself runs on `_g2p_search.ArrayModel`)."""
        acc = 0.0
        for k in range(len(history), -1, -1):
            entry = self.table.get(history[len(history) - k :])
            if entry is None:
                continue
            known, bow = entry
            value = known.get(unit)
            if value is not None:
                return acc + value
            acc += bow
        return acc + self.floor


class LetterModel:
    """A letter n-gram model of Latin names (learnt from known names and the pairs' Latin side): how much
    a spelling looks like a name, whatever the Arabic. Letters are ids 2.. in `alphabet` order."""

    def __init__(self, alphabet: str, arrays: ArrayModel):
        self.arrays = arrays
        self.ids = np.full(256, -1, dtype=np.int64)  # byte -> letter id; -1: not in the alphabet
        for i, ch in enumerate(alphabet):
            if ch.isascii():
                self.ids[ord(ch)] = i + 2

    def logp(self, texts: list[str]) -> np.ndarray:
        """log p of each text as a whole name (end of name included), all texts in one array pass."""
        raw = [t.encode("ascii", "replace") for t in texts]
        lengths = np.array([len(r) for r in raw], dtype=np.int64)
        width = int(lengths.max()) + 1
        # Row i: start, the letters of text i, end, then padding (not scored).
        seq = np.full((len(texts), width + 1), 1, dtype=np.int64)
        seq[:, 0] = 0
        flat = self.ids[np.frombuffer(b"".join(raw), dtype=np.uint8)]
        rows = np.repeat(np.arange(len(texts)), lengths)
        cols = np.arange(flat.size) - np.repeat(np.cumsum(lengths) - lengths, lengths) + 1
        seq[rows, cols] = flat
        base, keep = self.arrays.base, self.arrays.keep
        hist = np.zeros((len(texts), width), dtype=np.int64)  # code of the `keep` symbols before each one
        for back in range(1, keep + 1):
            shifted = np.zeros_like(hist)
            shifted[:, back - 1 :] = seq[:, : width - back + 1] + 1
            hist += shifted * base ** (back - 1)
        units = seq[:, 1:]
        scores = self.arrays.score(hist, np.maximum(units, 0))
        scores[units < 0] = self.arrays.floor  # a letter the model never saw
        scored = np.arange(width)[None, :] <= lengths[:, None]
        return (scores * scored).sum(axis=1)


class JointModel:
    """The unit model, the list of known Latin names and the settings that combine them."""

    def __init__(self, units: list[str], joint: BackoffModel, params: dict[str, float],
                 names: list[list[str]] | None = None, letters: LetterModel | None = None):
        self.units = units
        self.joint = joint
        self.letters = letters
        self.w_lm = float(params.get("w_lm", 0.0)) if letters is not None else 0.0
        self.beam = int(params.get("beam", 128))
        self.options = int(params.get("options", 16))
        self.start, self.end = units.index("^"), units.index("$")
        # A spelling that is a known Latin name gets a bonus for each list it is on (weights in the model).
        weights = {k[2:]: v for k, v in params.items() if k.startswith("w_")}
        self.names = names or []
        self.bonus = {row[0]: sum(weights.get(_SOURCES.get(c, ""), 0.0) for c in row[1]) for row in self.names}
        self._by_key: dict[str, list[str]] | None = None
        # For each Arabic letter: its units with their Latin chunks, most frequent first.
        by_letter: dict[str, list[tuple[float, int, str]]] = {}
        for i, unit in enumerate(units):
            if "=" in unit:
                letter, chunk = unit.split("=", 1)
                by_letter.setdefault(letter, []).append((joint.logp((), i), i, chunk))
        self.by_letter = {k: [(i, c) for _, i, c in sorted(v, reverse=True)[: self.options]]
                          for k, v in by_letter.items()}
        arrays = ArrayModel.from_table(joint.table, len(units), joint.order, joint.floor)
        self.decoder = Decoder(arrays, self.by_letter, _FALLBACK, self.start, self.end, self.beam)

    @classmethod
    def load(cls, path: Path, names_path: Path | None = None) -> JointModel:
        units: list[str] = []
        probs: dict[tuple[int, ...], float] = {}
        bows: dict[tuple[int, ...], float] = {}
        params: dict[str, float] = {}
        alphabet, base = "", 0
        letter_probs: dict[int, float] = {}  # the letter model, by n-gram code (`ArrayModel.code`)
        letter_bows: dict[int, float] = {}
        for line in _lines(path):
            kind, rest = line[0], line[2:]
            if kind == "U":
                units.append(rest)
            elif kind == "P":
                name, value = rest.split("\t")
                params[name] = float(value)
            elif kind == "A":
                alphabet = rest
                base = len(alphabet) + 3
            elif kind == "L":  # many lines: coded straight to ints, no tuples
                if not base:
                    raise ValueError(f"{path}: letter n-grams before the alphabet line")
                gram, logp, bow = rest.split("\t")
                code = 0
                for x in gram.split():
                    code = code * base + int(x, 36) + 1
                if logp:
                    letter_probs[code] = float(logp)
                if bow:
                    letter_bows[code] = float(bow)
            elif kind == "N":
                gram, logp, bow = rest.split("\t")
                key = tuple(int(x, 36) for x in gram.split())
                if logp:
                    probs[key] = float(logp)
                if bow:
                    bows[key] = float(bow)
        names = [line.split("\t") for line in _lines(names_path)] if names_path else None
        letters = None
        if letter_probs:
            floor = min(letter_probs.values()) - 5.0
            arrays = ArrayModel(letter_probs, letter_bows, len(alphabet) + 2, int(params.get("lm_order", 5)), floor)
            letters = LetterModel(alphabet, arrays)
        return cls(units, BackoffModel(int(params.get("order", 5)), probs, bows), params, names, letters)

    def spell(self, word: str, n: int) -> list[str]:
        """Up to `n` spellings of `word`, best first."""
        final = self.nbest(word)
        # Known names with the same consonant key that the beam let go: score them as spellings of `word`.
        missing = [name for name in self.known_names(word) if name not in final]
        final.update(self.decoder.forced(word, missing))
        texts = list(final)
        scores = [final[t] + self.bonus.get(t, 0.0) for t in texts]
        if self.w_lm and self.letters is not None and texts:
            scores = (np.array(scores) + self.w_lm * self.letters.logp(texts)).tolist()
        ranked = sorted(zip(scores, texts, strict=True), key=lambda st: (-st[0], st[1]))
        return [t for _, t in ranked[:n]]

    def known_names(self, word: str) -> list[str]:
        """Known Latin names whose `name_key` is that of the Arabic word."""
        from hisab.names.key import name_key

        if self._by_key is None:
            rows = self.names
            # Keys are stored by the builder; if name_key has changed since, they are computed afresh.
            stale = any(len(r) < 3 or r[2] != name_key(r[0]) for r in rows[:: max(1, len(rows) // 50)])
            by_key: dict[str, list[str]] = {}
            for row in rows:
                by_key.setdefault(name_key(row[0]) if stale else row[2], []).append(row[0])
            self._by_key = by_key
        return self._by_key.get(name_key(word), [])[:_MAX_KNOWN]

    def forced(self, word: str, latin: str) -> float | None:
        """Log-probability that `word` is spelt `latin` (its best `beam` chunkings added), or None."""
        return self.decoder.forced(word, [latin]).get(latin)

    def nbest(self, word: str) -> dict[str, float]:
        """Spellings left in the beam at the end, with their log-probabilities under the unit model."""
        return self.decoder.nbest(word)


_SOURCES = {"c": "census", "f": "faker", "g": "gaza"}
_MAX_KNOWN = 200  # known names tried per word (a short key such as "n" is shared by hundreds)


def _lines(path: Path) -> list[str]:
    """The non-comment lines of a (possibly gzipped) text file."""
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def _model() -> JointModel | None:
    return JointModel.load(MODEL_FILE, NAMES_FILE if NAMES_FILE.exists() else None) if MODEL_FILE.exists() else None


def spell_word(word: str, n: int) -> list[str]:
    """Up to `n` guessed spellings of one Arabic word (loose form), likeliest first."""
    model = _model()
    if model is None:
        return ["".join(_FALLBACK.get(c, "") for c in word)]
    return model.spell(word, n)
