"""Split a full name into its parts: `parse_name(text) -> NameParts`.

Arabic names on victim lists are chains: given name, father, grandfather, family name ("محمد أحمد
علي الحسن"). Compounds count as one part (عبد الرحمن, Abd al-Rahman, أبو علي, نور الدين) and the
particles bin/ibn/bint/بن/بنت, which only say "son/daughter of", are kept aside. Parts keep the
spelling of the input (strictly normalised), so a reader sees what the list says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hisab.names.arabic import _JOIN_NEXT, _JOIN_PREV, _strict
from hisab.names.arabic import _loose as _loose_arabic
from hisab.names.errors import require_text
from hisab.names.latin import _ABD, _ABU, _ARTICLES, _BIN, _DIN_WORDS
from hisab.names.latin import _JOIN_PREV as _LATIN_JOIN_PREV
from hisab.names.latin import _normalize as _latin

__all__ = ["NameParts", "parse_name"]

_PARTICLES = frozenset({"بن", "بنت", "ابن", *_BIN})
_ARABIC = re.compile("[\u0600-\u06ff]")


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
    text = _strict(require_text(text))
    if "," in text and not _ARABIC.search(text):
        family, _, rest = text.partition(",")
        text = f"{rest} {family}"
    words = text.replace(",", " ").split()
    groups, particles = _group(words)
    return _assign(groups, tuple(particles))


def _canon(word: str) -> str:
    """How a word is recognised (loose Arabic or normalised Latin), not how it is shown."""
    if _ARABIC.search(word):
        return _loose_arabic(word, repair=False)
    return _latin(word)


def _group(words: list[str]) -> tuple[list[str], list[str]]:
    groups: list[list[str]] = []
    particles: list[str] = []
    open_group = False  # the previous word asks to be joined with this one
    for word in words:
        canon = _canon(word.strip("-"))
        if canon in _PARTICLES:
            particles.append(word)
            open_group = False
            continue
        joins_prev = bool(groups) and (
            open_group or canon in _JOIN_PREV or canon in _LATIN_JOIN_PREV or canon in _DIN_WORDS
            or canon in ("allah", "ulah", "alah", "olah")
        )
        if joins_prev:
            groups[-1].append(word)
        else:
            groups.append([word])
        open_group = canon in _JOIN_NEXT or canon in _ABD or canon in _ABU or canon in _ARTICLES
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
