"""Arabic -> Latin: `transliterate(arabic) -> list[str]`, the spellings lists actually use, likeliest first.

Each word is looked up in the shipped dictionary (Gaza MoH curated words, Google's Wikipedia pairs; see
`hisab/data/names/ORIGIN.md`). Compounds are spelt from their parts the ways lists write them (Abdulrahman,
Abdelrahman, Abd al-Rahman). Words not in the dictionary are spelt by a joint-sequence model learnt from
Google's name pairs, which prefers spellings that are known Latin names (`_g2p.py`). Each dictionary
word's first spellings are then widened into their spelling family (Mohammed -> Mohammad, Muhammad,
Mohamed…) by the usual vowel and doubling alternations.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from hisab.names._data import token_spellings
from hisab.names._g2p import spell_word
from hisab.names.arabic import _loose, _strict
from hisab.names.errors import NamesInputError, require_text

__all__ = ["transliterate"]

_MAX_PER_WORD = 6


def transliterate(arabic: str, limit: int = 10) -> list[str]:
    """Latin spellings of an Arabic name, most likely first (lower case; at most `limit`).

    >>> transliterate("محمد")[:3]
    ['mohammed', 'mohammad', 'muhammed']
    """
    require_text(arabic, "arabic")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise NamesInputError(f"limit: expected a positive integer, got {limit!r}")
    words = _loose(_strict(arabic)).split()
    if not words:
        return []
    options = [word_spellings(w) for w in words]
    out: list[str] = [" ".join(o[0] for o in options)]
    # Then vary one word at a time (the first words first), then two at a time.
    for depth in (1, 2):
        for positions in itertools.combinations(range(len(words)), depth):
            choices = [options[p][1:] if p in positions else options[p][:1] for p in range(len(words))]
            for combo in itertools.product(*choices):
                candidate = " ".join(combo)
                if candidate not in out:
                    out.append(candidate)
                if len(out) >= limit:
                    return out
    return out[:limit]


@lru_cache(maxsize=50_000)
def word_spellings(word: str) -> tuple[str, ...]:
    """Spellings of one word (loose Arabic form), likeliest first."""
    if not any("\u0600" <= ch <= "\u06ff" for ch in word):
        return (word.lower(),)
    found = list(token_spellings().get(word, ()))
    if not found and word.startswith("ال"):
        # Lists often drop the article (al-Shirazi listed as Shirazi): the model knows how often.
        spelt = spell_word(word, 3) + _compound(word)
        return tuple(dict.fromkeys(spelt))[:_MAX_PER_WORD] or (word,)
    found = found or _compound(word)
    if not found:
        return tuple(spell_word(word, _MAX_PER_WORD)) or (word,)
    # The dictionary's first spelling, then the model's (dictionary words include foreign names whose
    # curated spelling is one of several), then the other known spellings and the families of the first two.
    out = [found[0], *spell_word(word, 1), *found[1:]]
    for spelling in found[:2]:
        out.extend(_family(spelling))
    return tuple(dict.fromkeys(out))[:_MAX_PER_WORD] or (word,)


def _compound(word: str) -> list[str]:
    """Spell عبدX, ابوX, Xالله, Xالدين and الX from their parts."""
    if word.startswith("عبد") and len(word) > 4:
        rest = word[3:]
        base = _first(rest[2:] if rest.startswith("ال") else rest)
        return [f"abdul{base}", f"abdel{base}", f"abd al-{base}", f"abdal{base}"]
    if word.startswith("ابو") and len(word) > 4:
        base = _first(word[3:])
        return [f"abu {base}", f"abo {base}", f"abu{base}"]
    if word.endswith("الله") and len(word) > 5:
        base = _first(word[:-4])
        return [f"{base}allah", f"{base} allah", f"{base}ullah"]
    if word.endswith("الدين") and len(word) > 6:
        base = _first(word[:-5])
        return [f"{base}eddin", f"{base} al-din", f"{base}uddin", f"{base} eddine"]
    if word.startswith("ال") and len(word) > 3:
        base = _first(word[2:])
        return [f"al-{base}", f"al{base}", f"el-{base}"]
    return []


def _first(word: str) -> str:
    return word_spellings(word)[0]


_VOWEL_RUN = re.compile("[aeiou]+")
# (from, to, where): the usual alternations between romanisations of one Arabic name.
_SWAPS = (
    ("o", "u", "first"),  # Mohammed / Muhammed, Yousef / Yusef
    ("u", "o", "first"),
    ("e", "a", "last"),  # Mohammed / Mohammad, Ahmed / Ahmad
    ("a", "e", "last"),
    ("ou", "u", "first"),  # Youssef / Yussef
    ("ee", "i", "last"),  # Ameen / Amin
    ("i", "ee", "last"),
)


def _family(spelling: str) -> list[str]:
    """Common alternations of a romanised Arabic name: o/u first, e/a last, both, then undoubling."""
    runs = [m for m in _VOWEL_RUN.finditer(spelling) if 0 < m.start() and m.end() < len(spelling)]
    edits: dict[str, list[tuple[int, int, str]]] = {"first": [], "last": []}
    for a, b, where in _SWAPS:
        if runs:
            run = runs[0] if where == "first" else runs[-1]
            if run.group() == a:
                edits[where].append((run.start(), run.end(), b))
    out = [_apply(spelling, [e]) for e in edits["last"] + edits["first"]]
    if len(runs) > 1:
        out += [_apply(spelling, [f, la]) for f in edits["first"][:1] for la in edits["last"][:1]]
    for k in range(1, len(spelling) - 1):
        if spelling[k] == spelling[k + 1] and spelling[k] not in "aeiou":
            out.append(spelling[:k] + spelling[k + 1 :])
            break
    return list(dict.fromkeys(v for v in out if v != spelling))


def _apply(spelling: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace spans (start, end, text), given left to right and not overlapping."""
    for start, end, text in sorted(edits, reverse=True):
        spelling = spelling[:start] + text + spelling[end:]
    return spelling
