"""Geocoding free-text places to ranked gazetteer candidates, in Arabic or Latin script.

`PlaceIndex` is an in-memory index over the gazetteer: exact keys (folded by `textnorm`), a phonetic
skeleton for Latin transliterations, and character bigrams of the skeleton (or of the Arabic key) to find
misspelt names, scored with a Levenshtein ratio. A query such as "Aleppo : Kafr Naha", "Douma, Rif Dimashq"
or "ادلب : كفرتخاريم" is split into segments; a segment naming a governorate, district or sub-district
narrows the others. Several places sharing the best score are reported as ambiguous, never resolved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from rapidfuzz.fuzz import ratio

from hisab.incidents.admin import governorate_keys, governorates
from hisab.incidents.gazetteer import COMMUNITY, DISTRICT, SUBDISTRICT, PlaceEntry
from hisab.incidents.textnorm import is_arabic, latin_skeleton, place_key

_SEGMENT = re.compile(r"\s*(?:[:,،;|/\n]| - )\s*")
_LEVEL_ORDER = {4: 0, 5: 1, 3: 2, 2: 3, 1: 4}
MIN_SCORE = 0.6
ADMIN_LEVEL_FACTOR = {1: 0.96, 2: 0.97, 3: 0.98, 4: 1.0, 5: 1.0}
CONTEXT_MISMATCH = 0.8
TIE = 0.005
# a name matched within its context ranks just below a recorded full form ("حمص : الخالدية")
SEGMENT_CAP = 0.995


@dataclass(frozen=True)
class Candidate:
    """One possible place for a query, with a score in [0, 1] and the name that matched."""

    key: str
    pcode: str | None
    name_en: str
    name_ar: str
    kind: str
    governorate: str | None
    governorate_pcode: str | None
    community_pcode: str | None
    latitude: float | None
    longitude: float | None
    score: float
    matched: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class GeocodeResult:
    """Ranked candidates for one query; `ambiguous` when distinct places tie for first."""

    query: str
    candidates: tuple[Candidate, ...]
    ambiguous: bool
    reason: str | None = None

    @property
    def best(self) -> Candidate | None:
        """The first candidate when there is one and it is not tied with another place."""
        return self.candidates[0] if self.candidates and not self.ambiguous else None


class PlaceIndex:
    """An in-memory index over gazetteer entries; build once, query many times (thousands per second)."""

    def __init__(self, entries: Iterable[PlaceEntry]):
        self.entries: list[PlaceEntry] = list(entries)
        self._by_key = {e.key: i for i, e in enumerate(self.entries)}
        self._names: list[tuple[int, str, str, str]] = []  # entry, key, skeleton, shown name
        self._exact: dict[str, set[int]] = {}
        self._skeleton: dict[str, set[int]] = {}  # skeleton -> name ids
        self._grams: dict[str, list[int]] = {}
        self._admin: dict[str, set[int]] = {}
        self._gov_keys = governorate_keys()
        self._gov_names = {p: g.name_en for p, g in governorates().items()}
        for i, e in enumerate(self.entries):
            names = [e.name_en, e.name_ar, *e.alt_names]
            for name in dict.fromkeys(n for n in names if n):
                self._add_name(i, name)
            if e.level in (DISTRICT, SUBDISTRICT):
                for name in (e.name_en, e.name_ar):
                    if name:
                        self._admin.setdefault(place_key(name), set()).add(i)

    def _add_name(self, i: int, name: str) -> None:
        key = place_key(name)
        if not key:
            return
        skel = key if is_arabic(key) else latin_skeleton(key)
        n = len(self._names)
        self._names.append((i, key, skel, name))
        self._exact.setdefault(key, set()).add(i)
        if not is_arabic(key):
            self._skeleton.setdefault(skel, set()).add(n)
        for g in _bigrams(skel):
            self._grams.setdefault(g, []).append(n)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, key: str) -> PlaceEntry | None:
        i = self._by_key.get(key)
        return None if i is None else self.entries[i]

    # ------------------------------------------------------------------ querying

    def find(self, text: str, limit: int = 10) -> GeocodeResult:
        """Ranked candidates for a free-text place; see the module docstring."""
        query = (text or "").strip()
        if not place_key(query):
            return GeocodeResult(text, (), False, "empty place text")
        scores: dict[int, tuple[float, str]] = {}
        for i in self._exact.get(place_key(query), ()):
            scores[i] = (1.0, query)
        segments = [s for s in _SEGMENT.split(query) if place_key(s)]
        if len(segments) > 1 or not scores:
            names = [s for s in segments if place_key(s) not in self._gov_keys] or segments
            cap = SEGMENT_CAP if len(segments) > 1 else 1.0
            for seg in names:
                self._score_segment(seg, [s for s in segments if s is not seg], scores, cap)
        return self._result(text, scores, limit)

    def _score_segment(self, name: str, context: list[str], scores: dict[int, tuple[float, str]],
                       cap: float) -> None:
        govs, admins = self._context(context)
        for i, sim in self._lookup(place_key(name)).items():
            factor = ADMIN_LEVEL_FACTOR[self.entries[i].level]
            if (govs or admins) and not self._in_context(i, govs, admins):
                factor *= CONTEXT_MISMATCH
            score = min(sim * factor, cap)
            if score > scores.get(i, (0.0, ""))[0]:
                scores[i] = (score, name)

    def _context(self, segments: list[str]) -> tuple[set[str], set[int]]:
        govs: set[str] = set()
        admins: set[int] = set()
        for seg in segments:
            k = place_key(seg)
            govs |= self._gov_keys.get(k, set())
            admins |= self._admin.get(k, set())
        return govs, admins

    def _in_context(self, i: int, govs: set[str], admins: set[int]) -> bool:
        e = self.entries[i]
        if e.governorate_pcode in govs:
            return True
        parent = e.parent_key
        while parent is not None:
            j = self._by_key.get(parent)
            if j is None:
                return False
            if j in admins:
                return True
            parent = self.entries[j].parent_key
        return False

    def _lookup(self, key: str) -> dict[int, float]:
        """Entries whose name is close to `key`, with a similarity in [0, 1]."""
        found = {i: 1.0 for i in self._exact.get(key, ())}
        arabic = is_arabic(key)
        skel = key if arabic else latin_skeleton(key)
        latin = not arabic and len(skel) >= 2
        if latin:
            for n in self._skeleton.get(skel, ()):
                _i, nkey = self._names[n][:2]
                found[_i] = max(found.get(_i, 0.0), 0.6 + 0.4 * ratio(key, nkey) / 100.0)
        if found and max(found.values()) >= 0.9:
            return found
        counts = Counter(n for g in _bigrams(skel) for n in self._grams.get(g, ()))
        for n, _ in counts.most_common(120):
            i, nkey, nskel, _shown = self._names[n]
            sim = ratio(key, nkey) / 100.0
            if latin:
                sim = max(sim, 0.6 * ratio(skel, nskel) / 100.0 + 0.4 * sim)
            if sim >= MIN_SCORE and sim > found.get(i, 0.0):
                found[i] = min(sim, 0.99)
        return found

    def _result(self, text: str, scores: dict[int, tuple[float, str]], limit: int) -> GeocodeResult:
        if not scores:
            return GeocodeResult(text, (), False, "no gazetteer name is close to this text")
        order = sorted(scores, key=lambda i: (-round(scores[i][0], 6), _LEVEL_ORDER[self.entries[i].level],
                                              self.entries[i].key))
        cands = tuple(self._candidate(i, *scores[i]) for i in order[:limit])
        top = [c for c in cands if cands[0].score - c.score < TIE]
        ambiguous = _distinct_places(top)
        reason = f"{len(top)} candidates share the best score" if ambiguous else None
        return GeocodeResult(text, cands, ambiguous, reason)

    def _candidate(self, i: int, score: float, matched: str) -> Candidate:
        e = self.entries[i]
        return Candidate(e.key, e.pcode, e.name_en, e.name_ar, e.kind, self._gov_names.get(e.governorate_pcode or ""),
                         e.governorate_pcode, e.community_pcode, e.lat, e.lon, round(score, 4), matched)


def _bigrams(s: str) -> set[str]:
    s = f"^{s}$"
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _distinct_places(top: list[Candidate]) -> bool:
    """True when the tied candidates are different places, not one place at two levels."""
    communities = {c.community_pcode or c.key for c in top if c.kind in ("community", "neighbourhood")}
    if len(communities) > 1:
        return True
    govs = {c.governorate_pcode for c in top}
    return len(govs) > 1 and not communities


__all__ = ["COMMUNITY", "Candidate", "GeocodeResult", "PlaceIndex"]
