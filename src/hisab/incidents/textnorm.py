"""The one place-name normaliser of the incidents module, for Arabic and Latin script.

Gazetteer keys and queries go through `normalise_place_text` only, so that both sides are folded the same
way. Arabic text first goes through `hisab.names.normalize_arabic` at its strict level (diacritics,
presentation forms, letter variants, digits, invisible characters): the loose level is tuned for person
names (it joins compounds and repairs unknown words towards known names), which is wrong for places.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hisab.names import normalize_arabic

_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ـ": None,
    "ڤ": "ف", "گ": "ك", "ک": "ك", "ی": "ي",
})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_APOSTROPHES = re.compile("['`\u2019\u2018\u02bf\u02be\u00b4]")
_NON_WORD = re.compile(r"[^0-9a-z\u0621-\u064a]+")
_ARTICLES = frozenset({"al", "el", "as", "ash", "ad", "ar", "at", "ath", "az", "an", "es", "et", "ed", "en",
                       "er", "ez", "ul", "il", "l"})


@lru_cache(maxsize=200_000)
def normalise_place_text(text: str) -> tuple[str, ...]:
    """Fold a place name to comparable tokens, in either script.

    Arabic: diacritics and tatweel dropped, alef/ya/ta-marbuta/hamza carriers unified, the article "ال"
    cut from each token. Latin: accents and apostrophes dropped, lower case, articles such as "al-", "el-",
    "as-" dropped. Punctuation separates tokens. Returns the tokens (possibly empty).
    """
    if any("\u0600" <= c <= "\u06ff" for c in text):
        text = normalize_arabic(text, level="strict")
    s = unicodedata.normalize("NFKC", text).translate(_ARABIC_FOLD)
    s = _DIACRITICS.sub("", s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))
    s = _APOSTROPHES.sub("", s)
    tokens: list[str] = []
    for tok in _NON_WORD.split(s):
        if not tok:
            continue
        if tok.startswith("ال") and len(tok) > 3:
            tok = tok[2:]
        elif tok in _ARTICLES:
            continue
        tokens.append(tok)
    return tuple(tokens)


def place_key(text: str) -> str:
    """Tokens joined without spaces: "Kafr Naha", "kafrnaha" and "كفر ناها"/"كفرناها" share a key."""
    return "".join(normalise_place_text(text))


_SKELETON_RULES = (
    ("ch", "$"), ("c", "k"), ("q", "k"), ("sh", "$"), ("kh", "x"), ("gh", "g"), ("th", "t"), ("dh", "d"),
    ("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("w", "u"), ("y", "i"), ("o", "u"), ("e", "i"),
)


@lru_cache(maxsize=200_000)
def latin_skeleton(key: str) -> str:
    """A coarse phonetic form of a Latin key, robust to transliteration variants (Kafr/Kfar, Deir/Dayr).

    Digraphs and interchangeable letters are merged (q/k, sh/ch, ou/u, e/i, y/i), a final "h" after a
    vowel is dropped ("-eh"/"-e"), then vowels are dropped except a first letter and repeats collapsed.
    """
    s = key
    for a, b in _SKELETON_RULES:
        s = s.replace(a, b)
    if len(s) > 2 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    if not s:
        return s
    out = [s[0]]
    for ch in s[1:]:
        if ch in "aiu":
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def is_arabic(text: str) -> bool:
    """True when the text holds any Arabic letter."""
    return any("\u0600" <= c <= "\u06ff" for c in text)
