"""The in-memory screening index: candidate generation by tokens, prefixes and cross-script keys.

No search server: every matchable name of every entity is analysed once into skeleton tokens
(`analyze.py`), and three dictionaries point from a token, its first three letters and the whole-name
key to the entities that carry them. A query collects entities by rare tokens first (inverse document
frequency), keeps the best `CANDIDATES`, and only those are scored (`score.py`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from hisab.screen.analyze import (
    MAX_QUERY_CHARS,
    AnalysedName,
    analyse,
    construct_state,
    normalised_forms,
    query_forms,
    russian_org_form,
    script_of,
)
from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.score import ALGORITHM, NameMatch, Qualifier, compare_names, qualifiers, skeleton_maps

CANDIDATES = 40
DEFAULT_THRESHOLD = 0.8
SCHEMA_FAMILIES = {
    "Person": {"Person"},
    "Organization": {"Organization", "Company", "LegalEntity"},
    "Company": {"Organization", "Company", "LegalEntity"},
    "LegalEntity": {"Person", "Organization", "Company", "LegalEntity"},
    "Vessel": {"Vessel"},
    "Airplane": {"Airplane"},
}


@dataclass
class Hit:
    """One listed entity found for a query, with the name pair that matched and the qualifiers."""

    entity: ListEntity
    score: float
    match: bool
    name_match: NameMatch
    qualifiers: list[Qualifier] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        parts = [self.name_match.describe()]
        parts += [q.describe() for q in self.qualifiers]
        parts += self.flags
        return " | ".join(parts)

    def to_dict(self) -> dict:
        e = self.entity
        return {
            "list": e.list_kind, "list_id": e.list_id, "schema": e.schema, "name": e.caption,
            "matched_name": self.name_match.listed, "score": self.score, "match": self.match,
            "programs": e.programs, "explanation": self.explanation,
        }


@dataclass
class QueryResult:
    query: str
    params: dict
    normalised: dict
    hits: list[Hit]
    warnings: list[str]


def validate_query(query: object) -> str:
    if not isinstance(query, str) or not query.strip():
        raise ScreenInputError("empty query: give a name to screen")
    if len(query) > MAX_QUERY_CHARS:
        raise ScreenInputError(
            f"query is {len(query)} characters long; names over {MAX_QUERY_CHARS} characters are refused"
        )
    return query.strip()


def _heads(name: AnalysedName) -> frozenset[str]:
    """First letter of every skeleton (and alternative skeleton), plus the whole key's: a list name
    sharing none of them with the query cannot align a single word and is not scored."""
    heads = {t[:1] for tok in name.tokens for t in (tok.skeleton, *tok.alts)}
    return frozenset(heads | {name.key[:1]})


def _rank(m: NameMatch) -> tuple:
    """Best name pair: highest score, then most literal tokens, then fewest extra list words."""
    return (m.score, m.literal, -m.extra_list_tokens)


def _weak_form(name: str) -> str:
    """Weak aliases count only on an exact match: compared on case- and accent-folded words."""
    return " ".join(sorted(t.literal for t in analyse(name).tokens))


class ScreenIndex:
    """All matchable names of a set of list entities, ready for candidate lookup and scoring."""

    def __init__(self, entities: list[ListEntity]):
        self.entities = entities
        self.names: list[list[tuple[AnalysedName, bool, frozenset[str]]]] = []
        self.weak: list[set[str]] = []
        self.by_token: dict[str, set[int]] = defaultdict(set)
        self.by_prefix: dict[str, set[int]] = defaultdict(set)
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_weak: dict[str, set[int]] = defaultdict(set)
        for i, ent in enumerate(entities):
            forms = []
            org = ent.schema != "Person"
            for n, name in enumerate(ent.matchable):
                alias = n > 0 and name not in ent.original_script
                for a in self._analysed(name, org):
                    forms.append((a, alias, _heads(a)))
                    self.by_key[a.key].add(i)
                    if org and a.core and a.core != a.key:
                        self.by_key[a.core].add(i)
                    for t in a.tokens:
                        self.by_token[t.skeleton].add(i)
                        self.by_prefix[t.skeleton[:3]].add(i)
            self.names.append(forms)
            self.weak.append({_weak_form(w) for w in ent.weak_aliases if w.strip()})
            for w in self.weak[-1]:
                self.by_weak[w].add(i)
        self.size = len(entities)

    @staticmethod
    def _analysed(name: str, org: bool) -> list[AnalysedName]:
        """A list name's analysed forms: as written, and for a Russian organisation name also translated
        (`analyze.russian_org_form`)."""
        a = analyse(name, org=org)
        forms = [a] if a.tokens else []
        if org and script_of(name) == "cyrillic" and (ru := russian_org_form(name)) is not None:
            forms.append(ru)
        return forms

    def candidates(self, forms: list[AnalysedName], schemas: set[str] | None) -> list[int]:
        votes: dict[int, float] = defaultdict(float)
        for f in forms:
            for i in self.by_key.get(f.key, ()):
                votes[i] += 10.0
            if f.core and f.core != f.key:
                for i in self.by_key.get(f.core, ()):
                    votes[i] += 10.0
            for i in self.by_weak.get(_weak_form(f.text), ()):
                votes[i] += 10.0
            for t in f.tokens:
                for table, weight, key in ((self.by_token, 1.0, t.skeleton), (self.by_prefix, 0.5, t.skeleton[:3]),
                                           *((self.by_token, 1.0, a) for a in t.alts)):
                    post = table.get(key)
                    if not post or len(post) > self.size // 4 + 50:
                        continue
                    idf = weight * math.log(1 + self.size / len(post))
                    for i in post:
                        votes[i] += idf
        ranked = sorted(votes, key=votes.__getitem__, reverse=True)
        if schemas:
            ranked = [i for i in ranked if self.entities[i].schema in schemas]
        return ranked[:CANDIDATES]

    def search(self, query: str, *, schema: str | None = None, birth_date: str | None = None,
               gender: str | None = None, nationality: str | None = None, identifier: str | None = None,
               limit: int = 5, threshold: float = DEFAULT_THRESHOLD) -> QueryResult:
        query = validate_query(query)
        if schema is not None and schema not in SCHEMA_FAMILIES:
            raise ScreenInputError(f"unknown schema {schema!r}; expected one of {', '.join(SCHEMA_FAMILIES)}")
        forms = query_forms(query)
        if not forms:
            raise ScreenInputError(f"query {query[:60]!r} has no letters to compare")
        params = {"schema": schema, "birth_date": birth_date, "gender": gender,
                  "nationality": nationality, "identifier": identifier, "threshold": threshold}
        warnings = []
        one_word = max(len(f.tokens) for f in forms) == 1
        if one_word and schema in (None, "Person"):
            warnings.append("one-word query: a bare name matches many people; no hit is marked as a match"
                            + ("" if schema == "Person" else " unless a one-word organisation name is equal"))
        weak = {_weak_form(f.text) for f in forms}
        # Non-person names are compared with the query read as an organisation's too: Arabic and Russian
        # words of the organisation vocabularies translated (`orgwords`, `ruwords`), and the other ending
        # of a construct-state word.
        # The query as written stays a form of its own: a LegalEntity may carry a person's name.
        org_forms = forms
        if schema != "Person":
            org_base = forms
            if script_of(query) in ("arabic", "cyrillic"):
                plain = {f.skeletons for f in forms}
                org_base = [f for f in query_forms(query, org=True) if f.skeletons not in plain] + forms
            org_forms = [construct_state(f) for f in org_base]
        extra = [f for f in org_forms if all(f is not g for g in forms)]
        cands = self.candidates(forms + extra, SCHEMA_FAMILIES.get(schema or ""))
        skeletons = {a for i in cands for name, _, _ in self.names[i] for t in name.tokens
                     for a in (t.skeleton, *t.alts)}
        maps = skeleton_maps(forms + extra, skeletons)
        heads = [_heads(f) for f in forms]
        same = {id(f): h for f, h in zip(forms, heads, strict=True)}
        org_heads = [same.get(id(o)) or _heads(o) for o in org_forms]
        by_kind = {False: (forms, heads), True: (org_forms, org_heads)}  # construct_state keeps unchanged forms
        hits = [h for i in cands
                if (h := self._score(i, by_kind, maps, weak, params, threshold, one_word, schema))]
        hits.sort(key=lambda h: (-h.score, h.name_match.extra_list_tokens, h.entity.list_kind, h.entity.list_id))
        return QueryResult(query, params, normalised_forms(query), hits[:limit], warnings)

    def _score(self, i, by_kind, maps, weak, params, threshold, one_word, schema) -> Hit | None:
        ent = self.entities[i]
        org = ent.schema != "Person"
        forms, form_heads = by_kind[org]
        best: NameMatch | None = None
        for f, heads in zip(forms, form_heads, strict=True):
            for name, alias, name_heads in self.names[i]:
                if not heads & name_heads:
                    continue  # no word of this name starts like a word of the query
                m = compare_names(f, name, alias, org, maps[id(f)])
                if best is None or _rank(m) > _rank(best):
                    best = m
            if weak & self.weak[i] and (best is None or best.score < 0.8):
                best = NameMatch(f.text, f.text, 0.8, True)
        if best is None or best.score <= 0.3:
            return None
        quals = qualifiers(params, ent)
        score = best.score + sum(q.delta for q in quals)
        if any(q.name == "identifier_match" for q in quals):
            score = max(score, 0.95)
        score = round(min(1.0, max(0.0, score)), 4)
        flags = []
        match = score >= threshold
        if one_word and match:
            equal_org = org and schema != "Person" and len(best.tokens) == 1 and best.score == 1.0
            if not equal_org:
                match = False
                flags.append("not a match: one-word query")
        if best.tokens == [] and best.score == 0.8:
            flags.append("weak alias: exact match on a low-quality a.k.a.")
        return Hit(ent, score, match, best, quals, flags)


__all__ = ["ALGORITHM", "DEFAULT_THRESHOLD", "Hit", "QueryResult", "ScreenIndex", "validate_query"]
