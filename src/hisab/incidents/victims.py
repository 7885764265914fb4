"""Suggesting links between incidents and victim records from date, place and cause, for a person to confirm.

A record is a candidate for an incident when its date range comes within `window_days` of the incident's
and its place is the incident's community (by P-code, or by geocoding the record's place text) or, more
weakly, its governorate. A cause that fits the incident (chemical, shelling, air strike…) adds weight.
Suggestions are rows with status "suggested"; a decision is a new row ("confirmed"/"rejected"),
never an edit of the suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from hisab.incidents.errors import IncidentNotFound
from hisab.incidents.geocode import PlaceIndex
from hisab.incidents.places import index_from_store
from hisab.incidents.textnorm import place_key
from hisab.store import Store
from hisab.store.models import Incident, IncidentRecordLink, Place, Record

CAUSE_WORDS = {
    "chemical": ("chemical", "gas", "toxic", "chlorine", "sarin", "كيما", "غاز", "سام", "كلور", "سارين"),
    "airstrike": ("warplane", "air", "airstrike", "bomb", "barrel", "طيران", "غارة", "برميل", "قصف جوي"),
    "shelling": ("shell", "mortar", "rocket", "artillery", "explosion", "قذيفة", "قصف", "صاروخ", "هاون", "انفجار"),
    "shooting": ("shoot", "gunfire", "sniper", "رصاص", "قنص", "إطلاق نار"),
}
WEAPON_CAUSE = {"chemical": "chemical", "chlorine": "chemical", "sarin": "chemical", "mustard": "chemical",
                "barrel_bomb": "airstrike", "airstrike": "airstrike", "cluster_munition": "airstrike",
                "incendiary": "airstrike", "rocket_launcher": "shelling", "iram": "shelling",
                "artillery": "shelling", "small_arms": "shooting"}
MIN_SCORE = 0.6


@dataclass(frozen=True)
class LinkSuggestion:
    incident_id: int
    incident_code: str
    record_id: int
    score: float
    reasons: tuple[str, ...]


def _cause_kinds(inc: Incident) -> set[str]:
    kinds = {WEAPON_CAUSE[w] for w in (inc.weapons or []) if w in WEAPON_CAUSE}
    if "heavy_weapons" in (inc.attack_types or []):
        kinds |= {"airstrike", "shelling"}
    if "individual_weapons" in (inc.attack_types or []):
        kinds.add("shooting")
    if "chemical_agent" in (inc.attack_types or []):
        kinds.add("chemical")
    return kinds


def _date_score(inc: Incident, rec: Record, window: timedelta) -> tuple[float, str] | None:
    if not (inc.date_earliest and rec.date_earliest and rec.date_latest):
        return None
    if rec.date_earliest > inc.date_latest + window or rec.date_latest < inc.date_earliest:
        return None
    if rec.date_precision == "day":
        if inc.date_earliest <= rec.date_earliest <= inc.date_latest:
            return 0.4, "same day"
        return 0.3, f"died {(rec.date_earliest - inc.date_latest).days} day(s) after"
    return 0.1, f"date known to the {rec.date_precision} only"


def suggest_links(store: Store, *, incident: str | None = None, window_days: int = 2,
                  index: PlaceIndex | None = None, min_score: float = MIN_SCORE) -> list[LinkSuggestion]:
    """Score record candidates for each dated, placed incident; write the new suggestions; return them."""
    index = index if index is not None else index_from_store(store)
    window = timedelta(days=window_days)
    place_cache: dict[str, str | None] = {}
    out: list[LinkSuggestion] = []
    with store.session() as s:
        q = (select(Incident, Place).join(Place, Incident.place_id == Place.id)
             .where(Incident.date_earliest.is_not(None)))
        if incident:
            q = q.where(Incident.code == incident)
        pairs = s.execute(q).all()
        if incident and not pairs:
            raise IncidentNotFound(f"no dated, placed incident with code {incident!r}")
        pairs_q = select(IncidentRecordLink.incident_id, IncidentRecordLink.record_id)
        known = {tuple(r) for r in s.execute(pairs_q).all()}
        for inc, place in pairs:
            first: date = inc.date_earliest
            last: date = inc.date_latest or first
            recs = s.execute(select(Record).where(Record.date_earliest <= last + window,
                                                  Record.date_latest >= first)).scalars().all()
            kinds = _cause_kinds(inc)
            for rec in recs:
                if (inc.id, rec.id) in known:
                    continue
                sug = _score(inc, place, rec, window, kinds, index, place_cache)
                if sug and sug.score >= min_score:
                    s.add(IncidentRecordLink(incident_id=inc.id, record_id=rec.id, status="suggested",
                                             score=sug.score, reasons=list(sug.reasons)))
                    known.add((inc.id, rec.id))
                    out.append(sug)
    return out


def _score(inc: Incident, place: Place, rec: Record, window: timedelta, kinds: set[str], index: PlaceIndex,
           cache: dict[str, str | None]) -> LinkSuggestion | None:
    d = _date_score(inc, rec, window)
    if d is None:
        return None
    score, reasons = d[0], [d[1]]
    community = place.community_pcode or place.pcode
    rec_pcode = rec.place_pcode
    if rec_pcode is None and rec.place:
        text = f"{rec.governorate} : {rec.place}" if rec.governorate else rec.place
        if text not in cache:
            best = index.find(text).best
            cache[text] = best.community_pcode if best and best.score >= 0.85 else None
        rec_pcode = cache[text]
    if community and rec_pcode == community:
        score += 0.4
        reasons.append(f"same community {community}")
    elif rec.governorate and place.governorate_pcode and _gov_match(rec.governorate, place.governorate_pcode, index):
        score += 0.15
        reasons.append("same governorate")
    else:
        return None
    cause = (rec.cause or "").lower()
    if cause and any(w in cause for k in kinds for w in CAUSE_WORDS[k]):
        score += 0.2
        reasons.append(f"cause {rec.cause!r} fits the incident")
    return LinkSuggestion(inc.id, inc.code or str(inc.id), rec.id, round(min(score, 1.0), 3), tuple(reasons))


def _gov_match(text: str, gov_pcode: str, index: PlaceIndex) -> bool:
    from hisab.incidents.admin import governorate_keys

    return gov_pcode in governorate_keys().get(place_key(text), set())


def decide_link(store: Store, link_id: int, decision: str, decided_by: str | None = None) -> IncidentRecordLink:
    """Record a person's decision on a suggested link as a new row (the suggestion stays as it was)."""
    if decision not in ("confirmed", "rejected"):
        raise ValueError(f"decision must be 'confirmed' or 'rejected', not {decision!r}")
    with store.session() as s:
        link = s.get(IncidentRecordLink, link_id)
        if link is None:
            raise IncidentNotFound(f"no incident-record link with id {link_id}")
        row = IncidentRecordLink(incident_id=link.incident_id, record_id=link.record_id, status=decision,
                                 score=link.score, reasons=link.reasons, decided_by=decided_by)
        s.add(row)
        s.flush()
        return row
