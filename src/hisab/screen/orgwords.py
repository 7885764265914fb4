"""Arabic words of organisation names and their English equivalents (`data/screen/org_words.tsv`).

English-language lists write organisations in English: "مصفاة بانياس" is listed as BANIYAS REFINERY
COMPANY, "المصرف العقاري" as REAL ESTATE BANK. Transliterated, such words ("Masfat", "al-Aqari") match
nothing on the list and weigh as unmatched words; translated, they compare with the list's own words.
The table is data so that it can be read, reviewed and extended without touching the scoring.

Which words are read where (the table's `kind` column): legal-form and organisation-type words (شركة,
مصرف, القابضة…) are never personal names and are read in any Arabic name, as hisab-screen-5 did; every
other word (content words, function words, places) only in organisation names, because many are also
family names (المصري Masri, الحلبي Halabi, البحري Bahri) that must stay names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hisab.names.arabic import fold_arabic
from hisab.screen.errors import ScreenInputError

KINDS = ("form", "stop", "word", "place")
_PREFIXES = ("و", "ب", "ل", "ف")


@dataclass(frozen=True)
class OrgWord:
    """One word of a vocabulary: its English equivalents (most used first), kind and where the pair came from."""

    word: str
    english: tuple[str, ...]
    kind: str
    source: str


def _parse_row(cells: list[str], where: str, columns: list[str], check: Callable[[str], str | None]) -> OrgWord:
    if len(cells) != len(columns):
        raise ScreenInputError(f"{where}: expected {len(columns)} tab-separated columns "
                               f"({', '.join(columns)}), found {len(cells)}")
    word, english, kind, source = (c.strip() for c in cells)
    if problem := check(word):
        raise ScreenInputError(f"{where}: {columns[0]} {word!r} {problem}")
    words = tuple(e.strip().lower() for e in english.split("|"))
    if not words or not all(w and w.replace(" ", "").replace("-", "").isascii() for w in words):
        raise ScreenInputError(f"{where}: english {english!r} must be ASCII words separated by '|'")
    if kind not in KINDS:
        raise ScreenInputError(f"{where}: kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not source:
        raise ScreenInputError(f"{where}: source is empty; say where the pair came from")
    return OrgWord(word, words, kind, source)


def read_word_table(filename: str, path: Path | None, language: str,
                    check: Callable[[str], str | None]) -> dict[str, OrgWord]:
    """Read a vocabulary with the columns `language`, english, kind, source: the shipped
    `data/screen/<filename>` unless `path` is given. `check` says what is wrong with a word as written (None:
    nothing). Every bad row is an error naming its line, so that a reviewer's slip never ships silently;
    shared by the Arabic and the Russian vocabulary."""
    if path is None:
        text = (resources.files("hisab") / "data" / "screen" / filename).read_text("utf-8")
        name = filename
    else:
        text, name = path.read_text("utf-8"), str(path)
    columns = [language, "english", "kind", "source"]
    table: dict[str, OrgWord] = {}
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if cells != columns:
                raise ScreenInputError(f"{name} line {n}: expected the header {chr(9).join(columns)!r}")
            header_seen = True
            continue
        row = _parse_row(cells, f"{name} line {n}", columns, check)
        if row.word in table:
            raise ScreenInputError(f"{name} line {n}: {row.word!r} is listed twice")
        table[row.word] = row
    if not table:
        raise ScreenInputError(f"{name}: no rows")
    return table


def _check_arabic(word: str) -> str | None:
    if not word or fold_arabic(word).replace(" ", "") != word:
        return "is not in fold_arabic form (hisab.names.arabic)"
    return None


def load_org_words(path: Path | None = None) -> dict[str, OrgWord]:
    """Read the Arabic table (the shipped one unless `path` is given); every bad row is an error naming it."""
    return read_word_table("org_words.tsv", path, "arabic", _check_arabic)


@lru_cache(maxsize=1)
def _table() -> dict[str, OrgWord]:
    return load_org_words()


def _variants(word: str) -> list[str]:
    """The word, then without a leading preposition and/or the article (للصرافة, والنفط, بالشركة), then
    each with the other adjective ending (-ية/-ي) or without its ta marbuta (الرابعة → رابع)."""
    stems = [word]
    for p in _PREFIXES:
        if word.startswith(p) and len(word) > 3:
            stems.append(word[1:])
    for s in list(stems):
        if s.startswith("ال") and len(s) > 3:
            stems.append(s[2:])
        elif s is not word and s.startswith("ل") and len(s) > 3:  # لل = li + al
            stems.append(s[1:])
    out = list(stems)
    for s in stems:
        if len(s) < 4:
            continue
        if s.endswith("يه"):
            out.append(s[:-1])
        elif s.endswith("ه"):
            out.append(s[:-1])
        elif s.endswith("ي"):
            out.append(s + "ه")
    return list(dict.fromkeys(out))


@lru_cache(maxsize=50_000)
def lookup(word: str, org: bool = True) -> OrgWord | None:
    """The table's entry for an Arabic word as written (article, preposition and adjective ending
    allowed). `org=False` (a person's or an unknown entity's name) returns only legal-form words."""
    try:
        w = fold_arabic(word).replace(" ", "")
    except ValueError:
        return None
    table = _table()
    for v in _variants(w):
        entry = table.get(v)
        if entry is not None and (org or entry.kind == "form"):
            return entry
    return None


def arabic_org_word(word: str) -> tuple[str, ...]:
    """English equivalents of an Arabic legal-form or organisation-type word (with or without its article
    or a leading preposition), or () for any other word."""
    entry = lookup(word, org=False)
    return entry.english if entry else ()
