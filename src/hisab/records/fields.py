"""Parsers for the victim fields other than dates: names (light cleaning), sex, age, age group, status.

Each parser takes the raw cell and returns the normalised value, or raises `FieldError` with a message that
says what was found and what is accepted. Unknown is a value (None), never a guess. Full Arabic name handling
lives in `hisab.names`; here names only lose what is never part of a name: repeated or odd whitespace,
zero-width and bidi control characters, and tatweel.
"""

from __future__ import annotations

import re
from functools import lru_cache

_INVISIBLE = dict.fromkeys(
    [0x0640, 0x00AD, 0x180E, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

SEXES = ("male", "female")
AGE_GROUPS = ("child", "adult")
STATUSES = ("civilian", "combatant", "unknown")
FATES = ("killed", "injured", "detained", "disappeared", "missing", "released", "found")
MAX_AGE = 130
CHILD_UNDER = 18


class FieldError(ValueError):
    """A value that cannot be read for its field."""


def clean_text(value: object) -> str | None:
    """Text with invisible characters removed and whitespace collapsed; None when nothing is left."""
    if value is None:
        return None
    text = value if isinstance(value, str) else _cell_text(value)
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split()) or None


@lru_cache(maxsize=65536)
def clean_label(value: str) -> str | None:
    """`clean_text` for the short labels that repeat down a list (places, causes, ranks), cached."""
    return clean_text(value)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


_SEX_WORDS = {
    "m": "male", "male": "male", "man": "male", "boy": "male", "ذكر": "male", "رجل": "male",
    "f": "female", "female": "female", "woman": "female", "girl": "female", "أنثى": "female",
    "انثى": "female", "انثي": "female", "امرأة": "female",
}
_AGE_GROUP_WORDS = {
    "child": "child", "children": "child", "minor": "child", "kid": "child", "طفل": "child",
    "طفلة": "child", "adult": "adult", "بالغ": "adult", "بالغة": "adult",
}
_UNKNOWN_WORDS = {"", "unknown", "n/a", "na", "-", "?", "غير معروف", "مجهول", "none", "null"}


def _word(value: str, words: dict[str, str], field: str, expected: str) -> str | None:
    """A vocabulary word, case- and space-insensitive; an unknown-word is None, anything else an error."""
    key = value.strip().lower()
    if key in _UNKNOWN_WORDS:
        return None
    try:
        return words[key]
    except KeyError:
        raise FieldError(f"cannot read {field} {value!r}; expected {expected}") from None


@lru_cache(maxsize=4096)
def parse_sex(value: str) -> str | None:
    return _word(value, _SEX_WORDS, "sex", "e.g. male, female, m, f, ذكر, أنثى")


@lru_cache(maxsize=4096)
def parse_age_group(value: str) -> str | None:
    return _word(value, _AGE_GROUP_WORDS, "age group", "child or adult")


@lru_cache(maxsize=4096)
def parse_sex_age(value: str) -> tuple[str | None, str | None]:
    """`Child - Female` -> ("female", "child"); either part may be missing or unknown."""
    sex = group = None
    for part in re.split(r"\s*[-/,]\s*|\s+", value.strip()):
        if not part:
            continue
        key = part.lower()
        if key in _SEX_WORDS:
            sex = _SEX_WORDS[key]
        elif key in _AGE_GROUP_WORDS:
            group = _AGE_GROUP_WORDS[key]
        elif key not in _UNKNOWN_WORDS:
            raise FieldError(f"cannot read sex and age group from {value!r}; expected e.g. 'Child - Female'")
    return sex, group


def parse_age(value: object) -> int | None:
    """Age in whole years (0-130); fractions of a year (infants) round down."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldError(f"cannot read age {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().translate(_DIGITS)
        if text.lower() in _UNKNOWN_WORDS:
            return None
        try:
            number = float(text)
        except ValueError:
            raise FieldError(f"cannot read age {value!r}; expected a number of years") from None
    if number != number or not 0 <= number <= MAX_AGE:
        raise FieldError(f"age {value!r} is outside 0-{MAX_AGE}")
    return int(number)


def birth_year_of(value: object) -> int | None:
    """A four-digit year (1850-2100) written where an age was expected, else None."""
    text = str(value).strip().translate(_DIGITS) if value is not None else ""
    if len(text) == 4 and text.isdigit() and 1850 <= int(text) <= 2100:
        return int(text)
    return None


def age_group_of(age: int | None) -> str | None:
    if age is None:
        return None
    return "child" if age < CHILD_UNDER else "adult"


_STATUS_WORDS = {
    "civilian": "civilian", "civ": "civilian", "مدني": "civilian", "مدنية": "civilian",
    "combatant": "combatant", "military": "combatant", "fighter": "combatant", "عسكري": "combatant",
    "مقاتل": "combatant", "unknown": "unknown", "": "unknown", "غير معروف": "unknown",
}


def parse_status(value: str, table: dict[str, str] | None = None) -> str:
    """Civilian / combatant / unknown: the mapping's own table (lower-case keys, `*` for any other
    value) first, then common words. No table entry and no common word is an error, never a guess."""
    key = value.strip().lower()
    if table and key in table:
        return table[key]
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    if table and "*" in table:
        return table["*"]
    raise FieldError(
        f"cannot read status {value!r}; expected civilian, combatant or unknown "
        "(map the source's own values under values.status in the mapping)"
    )
