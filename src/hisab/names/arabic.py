"""Arabic-script name normalisation: `normalize_arabic(text, level)`.

Two levels, because two jobs need them. `strict` only removes what never distinguishes two names
(diacritics, tatweel, presentation forms, invisible controls, regional letter shapes, digits): it is safe
for display and for exact comparison. `loose` also folds the spelling variants that the same person's
name shows across lists (alef and hamza forms, ta marbuta, alef maqsura, compound spacing) and repairs the
damage that PDF text extraction does to Arabic names (the lam-alef ligature read backwards, the word Allah
read as `هللا`, letters lost after a ya ligature). Loose is what keys and similarity are built on.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from hisab.names._data import compound_splits, known_arabic_tokens
from hisab.names.errors import NamesInputError, require_text

__all__ = ["normalize_arabic"]

_LEVELS = ("strict", "loose")

# Removed outright: harakat, shadda, sukun, superscript alef, Quranic marks, tatweel, invisible controls.
_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u061c", "\u00ad", "\ufeff", "\u2060", "\u034f"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_STRICT_MAP = {
    "\u06cc": "\u064a",  # Persian yeh -> Arabic yeh
    "\u06d2": "\u064a",  # Urdu yeh barree
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u06aa": "\u0643",
    "\u06c1": "\u0647",  # heh goal -> heh
    "\u06be": "\u0647",  # heh doachashmee
    "\u06c0": "\u0647",  # heh with yeh above (ۀ)
    "\u06d5": "\u0647",  # ae
    "\u06e5": "\u0648",  # small waw
    "\u06e6": "\u064a",  # small yeh
    "\u060c": ",",  # Arabic comma
    "\u061b": ";",
    "\u066b": ".",
    "\u066c": ",",
    "\u00a0": " ",
}
for _i in range(10):
    _STRICT_MAP[chr(0x0660 + _i)] = str(_i)
    _STRICT_MAP[chr(0x06F0 + _i)] = str(_i)
_STRICT_TABLE = str.maketrans({**_STRICT_MAP, **dict.fromkeys(_DELETE)})

_LOOSE_MAP = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ -> ا
    "\u0672": "\u0627", "\u0673": "\u0627", "\u0675": "\u0627",
    "\u0629": "\u0647",  # ة -> ه
    "\u0649": "\u064a",  # ى -> ي
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    "\u0621": "",  # bare hamza: written or dropped at will by clerks
    "\u0654": "", "\u0655": "",
}
# Punctuation of any kind separates words in a name (brackets round a nickname, hyphens, dots).
# Apostrophes and ayn/hamza marks in romanised words vanish, as in normalize_latin.
_PUNCT = "()[]{}.,;:!?\"/\\|-_+*#&@%~<>=«»“”،؛؟"
_MARKS = "'`´ʿʾʻʼʹʽ‘’′ˈ"
_LOOSE_TABLE = str.maketrans({**_LOOSE_MAP, **dict.fromkeys(_PUNCT, " "), **dict.fromkeys(_MARKS, "")})
# Strict then loose in one table, for the common path from raw text to loose words.
_COMPOSED_TABLE = {
    **_LOOSE_TABLE,
    **{c: ("" if v is None else (chr(v) if isinstance(v, int) else v)).translate(_LOOSE_TABLE)
       for c, v in _STRICT_TABLE.items()},
}


# Compounds written with or without a space. First parts join the next word, second parts join the
# previous one. The second-part list is the set of words dict_ar_ar.csv (Gaza MoH, Unlicense) joins to
# their predecessor, which generalise beyond the names it lists.
_JOIN_NEXT = frozenset({"عبد", "ابو", "ابي", "ام"})
_JOIN_PREV = frozenset(
    {"الله", "الدين", "الاسلام", "الزهراء", "الحق", "العابدين", "الرحمن", "الهدي", "الرسول", "النبي"}
)
_JOIN_ANY = _JOIN_NEXT | _JOIN_PREV
_ALLAH_REVERSED = "هللا"  # الله as PDF extraction often yields it


def normalize_arabic(text: str, level: str = "loose") -> str:
    """Normalise an Arabic-script name; `level` is "strict" or "loose" (the default).

    Latin letters, digits and other scripts pass through (cased as given), so mixed cells are kept.

    >>> normalize_arabic("مُحَمَّد عبد الرحمن الأحمد")
    'محمد عبدالرحمن الاحمد'
    >>> normalize_arabic("أحمد", level="strict")
    'أحمد'
    """
    require_text(text)
    if level not in _LEVELS:
        raise NamesInputError(f"level: expected one of {', '.join(_LEVELS)}, got {level!r}")
    if level == "strict":
        return _strict(text)
    return " ".join(loose_words(text))


def _nfkc(text: str) -> str:
    """Presentation forms (and ligatures such as ﻻ and ﷲ) to plain letters; skipped for plain text."""
    if text and max(text) >= "\ufb50":
        return unicodedata.normalize("NFKC", text)
    return text


def _strict(text: str) -> str:
    return " ".join(_nfkc(text).translate(_STRICT_TABLE).split())


def loose_words(text: str) -> list[str]:
    """The words of the loose form of `text` (raw input: strict and loose steps in one pass)."""
    return _repair_and_join(_nfkc(text).translate(_COMPOSED_TABLE).split())


def _repair_and_join(tokens: list[str]) -> list[str]:
    """Repair each word, join compounds, and repair the compounds so made (صالح الدين -> صلاحالدين)."""
    for _ in range(3):
        out: list[str] = []
        for token in tokens:
            out.extend(_token(token))
        joined = _join_compounds(out)
        if joined == tokens:
            break
        tokens = joined
    return tokens


def _loose(text: str, repair: bool = True) -> str:
    tokens = text.translate(_LOOSE_TABLE).split()
    if not repair:
        return " ".join(_join_compounds(tokens))
    return " ".join(_repair_and_join(tokens))


def fold_arabic(text: str) -> str:
    """Loose form without the dictionary repairs: what the dictionary builder stores its words in."""
    return _loose(_strict(text), repair=False)


def _join_compounds(tokens: list[str]) -> list[str]:
    """Join عبد/ابو to the next word and الله/الدين… to the previous one: one spelling for both."""
    if _JOIN_ANY.isdisjoint(tokens):
        return tokens
    joined: list[str] = []
    pending = ""
    for token in tokens:
        if pending:
            token = pending + token
            pending = ""
        if token in _JOIN_NEXT:
            pending = token
            continue
        if joined and token in _JOIN_PREV and joined[-1] not in _JOIN_PREV:
            joined[-1] += token
        else:
            joined.append(token)
    if pending:
        joined.append(pending)
    return joined


@lru_cache(maxsize=200_000)
def _token(token: str) -> tuple[str, ...]:
    """Loose form of one word (one or more words after a split): PDF repairs. Cached: names repeat."""
    if token.endswith(_ALLAH_REVERSED):
        token = token[: -len(_ALLAH_REVERSED)] + "الله"
    while token.endswith("يي") and len(token) > 2:
        token = token[:-1]
    split = compound_splits().get(token)
    if split is not None:
        return tuple(w for part in split.split() for w in _token(part))
    return (_repair(token),)


def _repair(token: str) -> str:
    """Undo PDF-extraction damage where the damaged word is unknown and exactly one repair is known.

    Two kinds of damage are seen on casualty lists: the lam-alef ligature extracted backwards (لا read
    as ال, so بلال becomes بالل) and a letter lost after a ya ligature (ير, ين, يز: زهير becomes زهي).
    A known word is never changed, so the repair cannot turn one real name into another.
    """
    known = known_arabic_tokens()
    if len(token) < 3 or token in known or not _is_arabic(token):
        return token
    candidates: set[str] = set()
    start = 2 if token.startswith("ال") else 0
    i = token.find("ال", max(start, 1))
    while i > 0:
        candidates.add(token[:i] + "لا" + token[i + 2 :])
        i = token.find("ال", i + 1)
    for j, ch in enumerate(token):
        if ch == "ي" and j >= 1:
            for lost in "رنز":
                candidates.add(token[: j + 1] + lost + token[j + 1 :])
    found = [c for c in candidates if c in known]
    return found[0] if len(found) == 1 else token


def _is_arabic(token: str) -> bool:
    return all("\u0600" <= ch <= "\u06ff" for ch in token)
