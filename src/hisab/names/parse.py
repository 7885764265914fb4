"""Split a full name into its parts: `parse_name(text) -> NameParts`.

Arabic names on victim lists are chains: given name, father, grandfather, family name ("محمد أحمد
علي الحسن"). Compounds count as one part (عبد الرحمن, Abd al-Rahman, أبو علي, نور الدين) and the
particles bin/ibn/bint/بن/بنت, which only say "son/daughter of", are kept aside. Parts keep the
spelling of the input (strictly normalised), so a reader sees what the list says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd

from hisab.names.arabic import _JOIN_NEXT, _JOIN_PREV, _STRICT_TABLE, _strict
from hisab.names.arabic import _loose as _loose_arabic
from hisab.names.errors import require_text
from hisab.names.latin import _ABD, _ABU, _ARTICLES, _BIN, _DIN_WORDS, _OPEN_ARTICLES, article_attaches
from hisab.names.latin import _JOIN_PREV as _LATIN_JOIN_PREV
from hisab.names.latin import _normalize as _latin

__all__ = ["NameParts", "PartsTable", "parse_name", "parse_names"]

_PARTICLES = frozenset({"بن", "بنت", "ابن", *_BIN})
_SUN_ARTICLES = _ARTICLES - _OPEN_ARTICLES
"""Article spellings that are articles only before their own consonant (`latin.article_attaches`)."""
_ARABIC = re.compile("[\u0600-\u06ff]")
# Names that strict normalisation may change beyond word by word: a comma (reordering), an Arabic comma,
# or a presentation form (NFKC of the whole name).
_WHOLE = re.compile("[,\u060c\u066c\ufb50-\U0010ffff]")


@dataclass(frozen=True)
class NameParts:
    """The parts of one name. Absent parts are None; `extra` holds ancestors beyond the grandfather."""

    given: str | None = None
    father: str | None = None
    grandfather: str | None = None
    family: str | None = None
    particles: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts present, in name order (given, father, grandfather, extra…, family)."""
        chain = (self.given, self.father, self.grandfather, *self.extra, self.family)
        return tuple(p for p in chain if p)


def parse_name(text: str) -> NameParts:
    """Split a name written in Arabic or Latin script into given, father, grandfather and family name.

    One part: given name. Two: given and family. Three: given, father, family. Four or more: given,
    father, grandfather, [extra ancestors], family. A Latin name written "Family, Given" is reordered.

    >>> parse_name("محمد عبد الرحمن الأحمد").father
    'عبد الرحمن'
    >>> parse_name("Abd al-Rahman bin Khalid").given
    'Abd al-Rahman'
    """
    groups, particles = _group(_words(require_text(text)))
    return _assign(groups, tuple(particles))


def _split_all(texts: list[str]) -> list[list[str]]:
    """`_words` of every text. Strict normalisation maps characters one for one, so for most names it
    is done once per distinct word; names it could change as a whole (`_WHOLE`) take `_words`."""
    words = [_words(t) if _WHOLE.search(t) else t.split() for t in texts]
    distinct = set(chain.from_iterable(words))
    strict = {w: w.translate(_STRICT_TABLE) for w in distinct}
    odd = {w for w, v in strict.items() if v != w and v.split() != [v]}  # emptied, or split in two
    if odd:
        words = [_words(t) if not odd.isdisjoint(ws) else ws for t, ws in zip(texts, words, strict=True)]
    changed = {w: v for w, v in strict.items() if v != w and w not in odd}
    if changed:
        words = [[changed.get(w, w) for w in ws] if not changed.keys().isdisjoint(ws) else ws for ws in words]
    return words


def _words(text: str) -> list[str]:
    text = _strict(text)
    if "," in text and not _ARABIC.search(text):
        family, _, rest = text.partition(",")
        text = f"{rest} {family}"
    return text.replace(",", " ").split()


@dataclass(frozen=True)
class PartsTable:
    """The parts of many names at once (`parse_names`), as columns: entry i is name i.

    `given`, `father`, `grandfather`, `family` hold the part or None, as `parse_name` gives them;
    name i's parts in order (extra ancestors included) are `parts[first[i] : first[i] + count[i]]`.
    """

    given: np.ndarray
    father: np.ndarray
    grandfather: np.ndarray
    family: np.ndarray
    parts: np.ndarray
    first: np.ndarray
    count: np.ndarray


def parse_names(texts: Sequence[str]) -> PartsTable:
    """`parse_name` of every text, the same parts, decided per distinct word instead of per name.

    Grouping words into parts depends only on each word's role and its neighbour's, so the roles are
    looked up once per distinct word and the grouping is done with array operations over all words.
    Linkage parses every name of a million records; this is what makes that take seconds.
    """
    words = _split_all([require_text(t) for t in texts])
    n = len(words)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=n)
    flat = np.array(list(chain.from_iterable(words)), dtype=object)
    codes, uniques = pd.factorize(flat)
    roles = np.array([_role(w) for w in uniques], dtype=bool).reshape(-1, 4)[codes]
    particle, joins_prev, opens, sun = roles[:, 0], roles[:, 1], roles[:, 2], roles[:, 3]
    starts = np.cumsum(lengths) - lengths
    name_of = np.repeat(np.arange(n), lengths)
    pos = np.arange(flat.size) - starts[name_of]
    for i in np.flatnonzero(sun[:-1] & (name_of[1:] == name_of[:-1])).tolist():  # rare: Latin sun-letter forms
        opens[i] = _attaches(flat[i], flat[i + 1])
    word = ~particle
    # The previous word (same name) asks this one to join it: it is no particle and opens a group.
    open_before = np.zeros(flat.size, dtype=bool)
    open_before[1:] = word[:-1] & opens[:-1]
    open_before &= pos > 0
    # A group already exists when some earlier word of the name is no particle.
    before = np.cumsum(word) - word
    exists = (before - before[starts][name_of]) > 0 if flat.size else before > 0
    new = word & ~(exists & (open_before | joins_prev))
    gid = (np.cumsum(new) - 1)[word]
    texts_w = flat[word]
    head = np.ones(gid.size, dtype=bool)
    head[1:] = gid[1:] != gid[:-1]
    parts = texts_w[head].copy()
    for i in np.flatnonzero(~head).tolist():  # compounds: a group of more than one word
        parts[gid[i]] = f"{parts[gid[i]]} {texts_w[i]}"
    count = np.bincount(name_of[new], minlength=n).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    first = np.cumsum(count) - count

    def part(offset: np.ndarray, present: np.ndarray) -> np.ndarray:
        out = np.full(n, None, dtype=object)
        out[present] = parts[offset[present]]
        return out

    return PartsTable(given=part(first, count >= 1), father=part(first + 1, count >= 3),
                      grandfather=part(first + 2, count >= 4), family=part(first + count - 1, count >= 2),
                      parts=parts, first=first, count=count)


@lru_cache(maxsize=200_000)
def _canon(word: str) -> str:
    """How a word is recognised (loose Arabic or normalised Latin), not how it is shown. Cached: names repeat."""
    if _ARABIC.search(word):
        return _loose_arabic(word, repair=False)
    return _latin(word)


@lru_cache(maxsize=200_000)
def _role(word: str) -> tuple[bool, bool, bool, bool]:
    """(is a particle, joins the previous word, asks the next word to join it, is a sun-letter article
    spelling, which asks only a word starting with its consonant: `_attaches`): decided once per word."""
    canon = _canon(word.strip("-"))
    if canon in _PARTICLES:
        return True, False, False, False
    joins_prev = (canon in _JOIN_PREV or canon in _LATIN_JOIN_PREV or canon in _DIN_WORDS
                  or canon in ("allah", "ulah", "alah", "olah"))
    opens = canon in _JOIN_NEXT or canon in _ABD or canon in _ABU or canon in _ARTICLES
    return False, joins_prev, opens, canon in _SUN_ARTICLES


def _attaches(article: str, nxt: str) -> bool:
    """Whether a sun-letter article spelling joins the word after it (`latin.article_attaches`)."""
    return article_attaches(_canon(article.strip("-")), _canon(nxt.strip("-")))


def _group(words: list[str]) -> tuple[list[str], list[str]]:
    groups: list[list[str]] = []
    particles: list[str] = []
    open_group = False  # the previous word asks to be joined with this one
    for i, word in enumerate(words):
        particle, joins_prev, opens, sun = _role(word)
        if sun and i + 1 < len(words):
            opens = _attaches(word, words[i + 1])
        if particle:
            particles.append(word)
            open_group = False
            continue
        if groups and (open_group or joins_prev):
            groups[-1].append(word)
        else:
            groups.append([word])
        open_group = opens
    return [" ".join(g) for g in groups], particles


def _assign(groups: list[str], particles: tuple[str, ...]) -> NameParts:
    n = len(groups)
    if n == 0:
        return NameParts(particles=particles)
    if n == 1:
        return NameParts(given=groups[0], particles=particles)
    if n == 2:
        return NameParts(given=groups[0], family=groups[1], particles=particles)
    if n == 3:
        return NameParts(given=groups[0], father=groups[1], family=groups[2], particles=particles)
    return NameParts(given=groups[0], father=groups[1], grandfather=groups[2], family=groups[-1],
                     particles=particles, extra=tuple(groups[3:-1]))
