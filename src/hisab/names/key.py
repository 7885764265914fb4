"""Cross-script name keys: `name_key(text)` and the per-word skeletons similarity is built on.

A key is a consonant skeleton in a small ASCII alphabet. Arabic writes few vowels and romanisations
disagree mostly about vowels, so both scripts are reduced to their consonants, and consonants that
romanisations merge are merged (ث/ت/th -> t, ق/ك/خ/k/q/kh/c -> k, ج/غ/j/g/gh/dj -> g, ش/sh/ch -> x,
ص/س/s -> s, ض/ذ/د/d/dh -> d, ظ/ز/z -> z, ف/v/ph -> f, ب/p -> b). Ayn, hamza, alef, waw, ya and the Latin
vowels, w and y vanish, doubled letters collapse, and a word-final h (ta marbuta, "-ah") is dropped. The
key is the words' skeletons run together, so spacing differences do not matter. The alphabet is ASCII
on purpose: DuckDB's string distances count UTF-8 bytes, which is only right on ASCII.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hisab.names.arabic import loose_words
from hisab.names.errors import require_text
from hisab.names.latin import _normalize as _latin

__all__ = ["name_key", "name_skeletons"]

_ARABIC_SKELETON = str.maketrans(
    {
        "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ج": "g", "چ": "g", "ح": "h", "خ": "k", "د": "d",
        "ذ": "d", "ر": "r", "ز": "z", "ژ": "z", "س": "s", "ش": "x", "ص": "s", "ض": "d", "ط": "t",
        "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "گ": "g", "ل": "l",
        "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "", "ا": "",
    }
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_NOT_KEY = re.compile(r"[^bdfghklmnrstxz]")
_DOUBLE = re.compile(r"([a-z])\1+")
_LATIN_RULES = [
    (re.compile(r"x"), "ks"),
    (re.compile(r"sch|tch|sh|ch"), "x"),
    (re.compile(r"kh|ck|qu|q"), "k"),
    (re.compile(r"gh|dj|zh|j"), "g"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"ph|v"), "f"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"p"), "b"),
]
_PARTICLES = frozenset({"bin", "bint", "بن", "بنت", "ابن"})


def name_key(text: str) -> str:
    """The cross-script key of a name: equal for an Arabic spelling and its usual Latin spellings.

    >>> name_key("محمد عبد الرحمن الأحمد") == name_key("Mohammad Abdulrahman Al-Ahmad")
    True
    >>> name_key("Maher al-Assad") == name_key("ماهر الأسد")
    True
    """
    require_text(text)
    return "".join([_skeleton(w) for w in _words(text)])


def name_skeletons(text: str) -> list[str]:
    """The skeleton of each word of a name, in order, particles (bin, ibn, بن) left out."""
    require_text(text)
    return [s for s in (_skeleton(w) for w in _words(text)) if s]


def _words(text: str) -> list[str]:
    """Loose Arabic words (a Latin word among them is normalised in `_skeleton`), or Latin words."""
    if _ARABIC_LETTER.search(text) or (text and max(text) >= "\ufb50"):
        words = loose_words(text)
        if _ARABIC_LETTER.search("".join(words)):
            return words
    return _latin(text).split()


@lru_cache(maxsize=200_000)
def _skeleton(word: str) -> str:
    """Skeleton of one word, without a leading article (al-/el-/ال) where consonants remain after it.

    Lists drop or keep the article at will (al-Assad, Assad; الفوراتي, Fourati), so the key leaves it
    out. "Ali", "Alaa", "آلاء" keep their l: nothing would remain without it.
    """
    if not _ARABIC_LETTER.search(word):
        word = _latin(word).replace(" ", "")
    if not word or word in _PARTICLES:
        return ""
    arabic = bool(_ARABIC_LETTER.search(word))
    article = "ال" if arabic else ("al", "el")
    if word.startswith(article):
        rest = _consonants(word[2:], arabic)
        if rest:
            return rest
    return _consonants(word, arabic)


def _consonants(word: str, arabic: bool) -> str:
    if not word:
        return ""
    if arabic:
        if word.endswith("ه"):
            word = word[:-1]
        word = word.replace("هال", "ال").replace("تش", "ش")
        skeleton = word.translate(_ARABIC_SKELETON)
    else:
        skeleton = word
        for pattern, repl in _LATIN_RULES:
            skeleton = pattern.sub(repl, skeleton)
        if skeleton.endswith("h") and len(skeleton) > 1 and skeleton[-2] in "aeiouy":
            skeleton = skeleton[:-1]
    skeleton = _DOUBLE.sub(r"\1", _NOT_KEY.sub("", skeleton))
    if skeleton.endswith("h") and word[-1:] in ("ح", "h"):
        skeleton = skeleton[:-1]
    return skeleton
