"""Scoring one query against one listed entity: name alignment, then qualifiers, with explanations.

Names are compared token by token on consonant skeletons (see `analyze.py`): each query token takes its
best unused list token. Like nomenklatura's logic-v2, tokens left over weigh on the score: an unmatched
query token weighs 0.8, an unmatched list token 0.2, so a list name that lacks a word the query gives
("Syrian Air Force" for "Syrian Air Force Intelligence") scores below one that has them all, and a list
name with extra words (a parent company's name around the one asked for) does not outrank the exact one.
Middle tokens (father's and grandfather's names, which lists give or omit at will) weigh less when
unmatched, and organisation filler words (Ltd, OOO, of) weigh little either way.

How much of a list name must a person query cover? A list word left out is only known to be a middle name
(the nasab: father's, grandfather's name, "walad"/"bin" links) when the query matched the list name's
first and last words, its given name and its family name or nisba: the query then frames the name and
what lies between may be left out, as Arabic usage and the lists themselves do ("Maher al-Assad" for
"Maher Hafez al-Assad"). When a person's list name is not framed that way, its unmatched words are not
known to be middle names, so each weighs in full (0.2, as nomenklatura's logic-v2 weighs every extra
result-name part). Otherwise two common words matched anywhere inside a long name — a given name here, a
grandfather's name there — would cover a two-word query and score as high as the person's own name,
though most of the list name is unexplained: "Nour Ikhtiar" against the five-word alias
"Akhtar Mohammad walad Nur Mohammad" scored 0.85 with the discount and 0.77 without it. In numbers: m
query words matched perfectly, k list words left over, no frame: m / (m + 0.2k), so a two-word query
reaches the 0.8 threshold only if it covers at least half of the list name (k <= 2). Framed names, the
usual case of a query giving first and family name, are unaffected.

Qualifiers follow logic-v2: birth date disjoint −0.15 (year) or −0.25 (same year, other day; day and
month swapped count half), gender −0.2, nationality −0.2; a shared identifier lifts the score to 0.95.
They apply only when the name matched at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from hisab.screen.analyze import LEGAL_FORMS, ORG_STOP, AnalysedName, Token

ALGORITHM = "hisab-screen-7"  # 2: unframed list names lose the middle-name discount; 3: Russian forms of
# Arabic organisation names (assimilated articles, construct state -at/-a, BGN marks, З for dh); 4: the
# spelling check of an Arabic word against a Latin one also compares consonants (`_spelling_sim`); 5: Arabic
# legal-form and organisation-type words (شركة, مجموعة, القابضة, مصرف…) are translated to the English words
# lists use (`analyze.arabic_org_word`), so they match those or count as ORG_STOP, not as unmatched words;
# 6: in organisation names every Arabic word of the organisation vocabulary (`orgwords`: sectors, state
# bodies, places…) is translated too, its transliteration kept as an alternative; people's names keep 5's
# 7: Russian organisation words are translated too (`ruwords`, by stem); a leftover legal form pairs with the
# other name's (LLC / limited liability company); second words of a translation weigh as fillers; English
# equivalents also in their other number; a fuzzy pair whose first consonants differ in Soundex class loses a
# tenth; organisation names written in one word or two agree on their key without legal forms
MIN_TOKEN = 0.7
SPELLING_FLOOR = 0.55
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLE = re.compile(r"(.)\1+")


@dataclass
class TokenMatch:
    query: str
    listed: str
    kind: str  # literal | translation | legal form | transliteration | skeleton | fuzzy | extra-query | extra-list
    score: float
    weight: float

    def describe(self) -> str:
        if self.kind == "extra-query":
            return f"'{self.query}' not in list name (weight {self.weight:.1f})"
        if self.kind == "extra-list":
            return f"list word '{self.listed}' not in query (weight {self.weight:.1f})"
        return f"'{self.query}'≈'{self.listed}' {self.kind} {self.score:.2f}"


@dataclass
class NameMatch:
    """The best pair of names for one entity. The token-by-token detail is built only when asked for:
    most compared names lose to another name or candidate, and their detail is never read."""

    query: str
    listed: str
    score: float
    alias: bool
    extra_list_tokens: int = 0
    literal: int = 0
    _detail: tuple | None = field(default=None, repr=False)
    _tokens: list[TokenMatch] | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list[TokenMatch]:
        if self._tokens is None:
            self._tokens = _explain(*self._detail) if self._detail else []
        return self._tokens

    def describe(self) -> str:
        kind = "alias" if self.alias else "name"
        parts = "; ".join(t.describe() for t in self.tokens)
        return f"query '{self.query}' vs list {kind} '{self.listed}' = {self.score:.2f} [{parts}]"


def _token_weight(tokens: tuple[Token, ...], i: int, unmatched_weight: float, org: bool,
                  framed: bool = True) -> float:
    """Weight of an unmatched token. `framed`: the name's first and last tokens are matched, so an
    unmatched token between them is a middle name (module docstring); without a frame it weighs in full."""
    tok = tokens[i]
    if org and (tok.literal in ORG_STOP or tok.tail):
        return 0.1
    if not org and framed and 0 < i < len(tokens) - 1:
        return unmatched_weight * 0.4
    return unmatched_weight


def _framed(used_c: set[int], n: int) -> bool:
    return 0 in used_c and n - 1 in used_c


def _kind(q: Token, c: Token, sim: float) -> str:
    if q.literal != c.literal and q.literal in LEGAL_FORMS and c.literal in LEGAL_FORMS:
        return "legal form"
    if (q.translated or c.translated) and q.literal in c.spellings + (c.literal,) or (
            c.translated and c.literal in q.spellings) or (q.translated and _bare(c.literal) in q.spellings):
        return "translation"  # also through another equivalent (نفط: oil, "petroleum")
    if q.literal == c.literal:
        return "literal"
    if sim < 1.0:
        return "fuzzy"
    return "transliteration" if q.script != c.script else "skeleton"


@lru_cache(maxsize=1_000_000)
def _sim(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.startswith("#") or b.startswith("#"):
        return 0.0
    return Levenshtein.normalized_similarity(a, b)


def _bare(literal: str) -> str:
    return literal[2:] if literal.startswith(("al", "el")) and len(literal) > 4 else literal


@lru_cache(maxsize=500_000)
def _token_sim(q: Token, c: Token) -> float:
    """Skeleton similarity, checked against Latin spellings (see `_checked`)."""
    if q.alts or c.alts:
        s = max(_sim(a, b) for a in (q.skeleton, *q.alts) for b in (c.skeleton, *c.alts))
    else:
        s = _sim(q.skeleton, c.skeleton)
    return _checked(q, c, s) if s >= MIN_TOKEN else s


def skeleton_maps(forms: list[AnalysedName], skeletons: set[str]) -> dict[int, list[dict[str, float]]]:
    """For each query form (by id) and token: list skeleton → similarity, only where >= MIN_TOKEN.

    One rapidfuzz matrix call per query replaces a Python call per token pair (most pairs are far apart);
    numbers only match themselves."""
    import numpy as np
    from rapidfuzz import process

    cands = sorted(skeletons)
    qsk = sorted({a for f in forms for t in f.tokens for a in (t.skeleton, *t.alts)})
    if not cands or not qsk:
        return {id(f): [{} for _ in f.tokens] for f in forms}
    matrix = process.cdist(qsk, cands, scorer=Levenshtein.normalized_similarity, score_cutoff=MIN_TOKEN,
                           dtype=np.float32)
    rows: dict[str, dict[str, float]] = {}
    for r, a in enumerate(qsk):
        hits = np.flatnonzero(matrix[r])
        rows[a] = {cands[k]: float(matrix[r, k]) for k in hits
                   if not ((a.startswith("#") or cands[k].startswith("#")) and a != cands[k])}
    maps = {}
    for f in forms:
        per_token = []
        for t in f.tokens:
            merged: dict[str, float] = {}
            for a in (t.skeleton, *t.alts):
                for k, v in rows[a].items():
                    if v > merged.get(k, 0.0):
                        merged[k] = v
            per_token.append(merged)
        maps[id(f)] = per_token
    return maps


@lru_cache(maxsize=200_000)
def _consonants(spelling: str) -> str:
    """A Latin spelling without its vowels and with doubled letters single ("mushawweh" → "mshwh"). Unlike
    the skeleton it keeps y, w and h and the letters as written, so it still tells "Sayyid" from "Assad"."""
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", _bare(spelling)))


def _spelling_sim(q: Token, c: Token) -> float:
    """How alike the Latin spellings of two tokens are: the best pair compared letter by letter, and, when
    one side is an Arabic word and both skeletons have three consonants or more, also by `_consonants`.
    Arabic script writes no short vowels, so the vowels of an Arabic word's spellings are the
    transliterator's guesses (seretl / syriatel, mushouh / mshaweh) and must not decide a hit. Between two
    written spellings (Latin, romanised Cyrillic) the vowels are the writer's and still count: Tarek and
    Turki share their consonants but are two names. For shorter skeletons the consonants alone say too
    little (Assad, Said and Sayed are all "sd")."""
    lit = max(Levenshtein.normalized_similarity(_bare(a), _bare(b)) for a in q.spellings for b in c.spellings)
    if (lit < 1.0 and "arabic" in (q.script, c.script) and q.script != c.script
            and min(len(q.skeleton), len(c.skeleton)) > 2):
        cons = max(Levenshtein.normalized_similarity(_consonants(a), _consonants(b))
                   for a in q.spellings for b in c.spellings)
        lit = max(lit, cons)
    return lit


# Soundex classes of a skeleton's first letter (0: no class). Watchman skips a Jaro-Winkler pair whose first
# letters fall in different classes; here such a fuzzy pair only loses a tenth (`_initials_apart`).
_SOUNDEX = {**dict.fromkeys("bfpvw", 1), **dict.fromkeys("cgjkqsxz", 2), **dict.fromkeys("dt", 3), "l": 4,
            **dict.fromkeys("mn", 5), "r": 6}
INITIAL_PENALTY = 0.9


def _initials_apart(q: Token, c: Token) -> bool:
    """No skeleton of one token starts in the Soundex class of any skeleton of the other (Sarkis / Vargas:
    s against v). Words that differ in their first consonant are seldom spellings of one name, while
    the edits a skeleton similarity allows elsewhere (a vowel-borne y or w, one consonant) are common."""
    qc = {_SOUNDEX.get(sk[:1], 0) for sk in (q.skeleton, *q.alts)}
    cc = {_SOUNDEX.get(sk[:1], 0) for sk in (c.skeleton, *c.alts)}
    return 0 not in qc and 0 not in cc and not qc & cc


def _checked(q: Token, c: Token, s: float) -> float:
    """Check a skeleton match against Latin spellings (an Arabic word's come from
    `hisab.names.transliterate`): skeletons drop vowels and y/w, so "Sayyid" and "Assad", or يوسف and
    "Safavi", share one; their spellings show they are different words. Skeletons of two consonants or
    fewer collide often (Assad, Sayed, Said are all "sd"), so there the spelling counts for half."""
    if s < 1.0 and _initials_apart(q, c):
        s *= INITIAL_PENALTY
    if q.spellings and c.spellings and q.literal != c.literal:
        lit = _spelling_sim(q, c)
        if lit < SPELLING_FLOOR:
            return min(s, lit)
        if min(len(q.skeleton), len(c.skeleton)) <= 2 and lit < 1.0:
            return min(s, (s + lit) / 2)
    return s


def _align(q: AnalysedName, c: AnalysedName, maps: list[dict[str, float]] | None = None,
           org: bool = False) -> dict[int, tuple[int, float]]:
    """Best pairs first: each query token takes its best unused list token (ties: literal, then nearer). In
    organisation names a legal form left over then pairs with the other name's leftover legal form: LLC,
    Ltd and "limited liability company" say the same, and none of them says which company."""
    pairs = []
    for i, qt in enumerate(q.tokens):
        m = maps[i] if maps is not None else None
        for j, ct in enumerate(c.tokens):
            if m is None:
                s = _token_sim(qt, ct)
            else:
                s = m.get(ct.skeleton, 0.0)
                for a in ct.alts:
                    s = max(s, m.get(a, 0.0))
                if s < MIN_TOKEN:
                    continue
                s = _checked(qt, ct, s)
            if s >= MIN_TOKEN:
                pairs.append((s, qt.literal == ct.literal, -abs(i - j), i, j))
    pairs.sort(reverse=True)
    used_q: dict[int, tuple[int, float]] = {}
    used_c: set[int] = set()
    for s, _lit, _d, i, j in pairs:
        if i not in used_q and j not in used_c:
            used_q[i] = (j, s)
            used_c.add(j)
    if org:
        free = [j for j, ct in enumerate(c.tokens) if j not in used_c and ct.literal in LEGAL_FORMS]
        for i, qt in enumerate(q.tokens):
            if free and i not in used_q and qt.literal in LEGAL_FORMS:
                used_q[i] = (free.pop(0), 1.0)
    return used_q


def _matched_weight(qt: Token, org: bool) -> float:
    return 0.1 if org and qt.literal in ORG_STOP else 1.0


def compare_names(q: AnalysedName, c: AnalysedName, alias: bool, org: bool,
                  maps: list[dict[str, float]] | None = None) -> NameMatch:
    """Align query and list tokens and take the weighted mean (weights: module docstring). `maps`
    (from `skeleton_maps`) holds the query's token similarities precomputed; without it they are computed
    pair by pair."""
    used_q = _align(q, c, maps, org)
    total = weight = 0.0
    literal = 0
    for i, qt in enumerate(q.tokens):
        if i in used_q:
            j, s = used_q[i]
            w = _matched_weight(qt, org)
            total += s * w
            weight += w
            literal += qt.literal == c.tokens[j].literal
        else:
            weight += _token_weight(q.tokens, i, 0.8, org)
    used_c = {j for j, _ in used_q.values()}
    framed = _framed(used_c, len(c.tokens))
    extra = 0
    for j in range(len(c.tokens)):
        if j not in used_c:
            weight += _token_weight(c.tokens, j, 0.2, org, framed)
            extra += 1
    score = total / weight if weight else 0.0
    # Compounds split differently on each side (Abdul Rahman / Abdulrahman) still agree on the whole key.
    if q.key and c.key and len(q.tokens) != len(c.tokens):
        whole = _sim(q.key, c.key) * 0.95
        if org and len(q.core) >= 4 and len(c.core) >= 4:  # MAINPHARMA / "شركة ماين فارما"
            whole = max(whole, _sim(q.core, c.core) * 0.95)
        if whole > score:
            score = whole
    return NameMatch(q.text, c.text, round(score, 4), alias, extra, literal, (q, c, used_q, org))


def _explain(q: AnalysedName, c: AnalysedName, used_q: dict[int, tuple[int, float]], org: bool) -> list[TokenMatch]:
    tokens: list[TokenMatch] = []
    for i, qt in enumerate(q.tokens):
        if i in used_q:
            j, s = used_q[i]
            tokens.append(TokenMatch(qt.word, c.tokens[j].word, _kind(qt, c.tokens[j], s), s,
                                     _matched_weight(qt, org)))
        else:
            tokens.append(TokenMatch(qt.word, "", "extra-query", 0.0, _token_weight(q.tokens, i, 0.8, org)))
    used_c = {j for j, _ in used_q.values()}
    framed = _framed(used_c, len(c.tokens))
    for j, ct in enumerate(c.tokens):
        if j not in used_c:
            tokens.append(TokenMatch("", ct.word, "extra-list", 0.0,
                                     _token_weight(c.tokens, j, 0.2, org, framed)))
    return tokens


@dataclass
class Qualifier:
    name: str
    delta: float
    detail: str

    def describe(self) -> str:
        return f"{self.name} {self.delta:+.2f} ({self.detail})"


def _dob_qualifier(query_dob: str, dobs: list[str]) -> Qualifier | None:
    if not query_dob or not dobs:
        return None
    qy = query_dob[:4]
    if not any(d[:4] == qy for d in dobs):
        return Qualifier("dob_year_disjoint", -0.15, f"birth years: {qy} vs {', '.join(sorted({d[:4] for d in dobs}))}")
    if len(query_dob) < 10:
        return None
    full = [d for d in dobs if len(d) == 10 and d[:4] == qy]
    if not full or query_dob in full:
        return None
    swapped = f"{qy}-{query_dob[8:10]}-{query_dob[5:7]}"
    if swapped in full:
        detail = f"birth dates {query_dob} vs {', '.join(full)} (day/month swapped)"
        return Qualifier("dob_day_disjoint", -0.125, detail)
    return Qualifier("dob_day_disjoint", -0.25, f"birth dates {query_dob} vs {', '.join(full)}")


def qualifiers(params: dict, entity) -> list[Qualifier]:
    """Qualifiers of one entity for the query parameters birth_date, gender, nationality, identifier."""
    out: list[Qualifier] = []
    if q := _dob_qualifier(params.get("birth_date") or "", entity.birth_dates):
        out.append(q)
    gender = (params.get("gender") or "").lower()
    if gender and entity.gender and gender[0] != entity.gender[0]:
        out.append(Qualifier("gender_mismatch", -0.2, f"gender {gender} vs {entity.gender}"))
    nat = params.get("nationality")
    known = set(entity.nationalities) | set(entity.countries)
    if nat and known and nat not in known:
        out.append(Qualifier("country_mismatch", -0.2, f"nationality {nat} vs {', '.join(sorted(known))}"))
    ident = "".join(ch for ch in (params.get("identifier") or "") if ch.isalnum()).lower()
    if ident and any("".join(ch for ch in i if ch.isalnum()).lower() == ident for i in entity.identifiers):
        out.append(Qualifier("identifier_match", 0.0, f"identifier {params['identifier']} on the list entry"))
    return out
