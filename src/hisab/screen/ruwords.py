"""Russian words of organisation names and their English equivalents (`data/screen/org_words_ru.tsv`).

English-language lists write organisations in English: "Сирийская нефтяная компания" is listed as SYRIAN
PETROLEUM COMPANY, "Коммерческий банк Сирии" as COMMERCIAL BANK OF SYRIA. Transliterated ("Siriyskaya
neftyanaya"), such words match nothing on the list; translated, they compare with the list's own words, as
the Arabic vocabulary (`orgwords`) does for Arabic names, whose loader reads this table too.

Russian inflects, so words are found by stem: the table's lemmas and the words of a query lose their
longest common noun or adjective ending (-ая, -ого, -ии, -ами…), and equal stems are one word. Every row,
legal forms included, applies to organisation names only: Russian people's names are not translated.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hisab.screen.errors import ScreenInputError
from hisab.screen.orgwords import OrgWord, read_word_table

# Noun and adjective endings, longest first; a stem keeps at least MIN_STEM letters.
ENDINGS = tuple(sorted(set(
    "ого его ому ему ыми ими ами ями иям иями иях ией ьего ьему ьей ьим ьих ья ье ьи ью "
    "ый ий ой ая яя ое ее ые ие ых их ым им ую юю ою ею ом ем ам ям ах ях ов ев ей ью ия ии ию "
    "а я о е ы и у ю ь й".split()), key=len, reverse=True))
MIN_STEM = 3
_LEMMA = re.compile(r"[а-я]+(?:-[а-я]+)*")


def fold_russian(word: str) -> str:
    """Lower case with ё as е, as the table writes its lemmas."""
    return word.lower().replace("ё", "е")


def stem(word: str) -> str:
    """The word without its longest ending that leaves MIN_STEM letters or more."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _check_russian(word: str) -> str | None:
    if not _LEMMA.fullmatch(word):
        return "is not a lower-case Russian word (а-я, ё written е, hyphens between parts)"
    return None


def load_ru_org_words(path: Path | None = None) -> dict[str, OrgWord]:
    """Read the Russian table (the shipped one unless `path` is given). Besides the checks every vocabulary
    gets, two lemmas with one stem are refused: the lookup could not tell them apart."""
    table = read_word_table("org_words_ru.tsv", path, "russian", _check_russian)
    seen: dict[str, str] = {}
    for lemma in table:
        s = stem(lemma)
        if s in seen:
            raise ScreenInputError(f"{path or 'org_words_ru.tsv'}: {seen[s]!r} and {lemma!r} share the stem {s!r}")
        seen[s] = lemma
    return table


@lru_cache(maxsize=1)
def _stems() -> dict[str, OrgWord]:
    table = load_ru_org_words()
    return {**{stem(lemma): w for lemma, w in table.items()}, **table}


@lru_cache(maxsize=50_000)
def ru_lookup(word: str) -> OrgWord | None:
    """The table's entry for a Russian word as written, in any case and inflection, or None. The word itself
    first, then its stems from the longest down: "газов" is газовый's stem before it is газ's plural."""
    w = fold_russian(word)
    stems = _stems()
    if w in stems:
        return stems[w]
    for ending in reversed(ENDINGS):
        if w.endswith(ending) and len(w) - len(ending) >= MIN_STEM:
            entry = stems.get(w[: -len(ending)])
            if entry is not None:
                return entry
    return None
