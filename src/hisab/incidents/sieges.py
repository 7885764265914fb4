"""Sieges: a besieged area (a set of P-codes), a besieging party, a period, a population, and events.

An incident inside a siege's area and period is linked to it automatically (`link_sieges`). An
incident's date range must lie within the siege's possible period (start_earliest .. end_latest, open
when the end is unknown); its place counts when its community (or the place itself) is in the area.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hisab.incidents.errors import SiegeError
from hisab.records.dates import DateError, parse_date
from hisab.store.models import Incident, IncidentSiege, Place, Siege, SiegeEvent

EVENT_KINDS = ("aid_allowed", "aid_blocked", "aid_looted", "starvation_deaths", "evacuation", "other")


@dataclass(frozen=True)
class SiegeSpec:
    """A siege as a user describes it (e.g. from a YAML or JSON file); dates as text with their precision."""

    code: str
    area_pcodes: tuple[str, ...]
    start: str
    end: str | None = None
    besieging_party: str | None = None
    name_en: str | None = None
    name_ar: str | None = None
    population_estimate: int | None = None
    population_source: str | None = None


def _range(text: str | None, field: str, code: str):
    try:
        return parse_date(text)
    except DateError as exc:
        raise SiegeError(f"siege {code!r}, {field}: {exc}") from None


def add_siege(s: Session, spec: SiegeSpec) -> Siege:
    """Create a siege after checking its area P-codes exist and its end is not before its start."""
    if not spec.area_pcodes:
        raise SiegeError(f"siege {spec.code!r}: the besieged area needs at least one P-code")
    known = set(s.execute(select(Place.pcode).where(Place.pcode.in_(spec.area_pcodes))).scalars())
    unknown = sorted(set(spec.area_pcodes) - known)
    if unknown:
        raise SiegeError(f"siege {spec.code!r}: P-code(s) {unknown} are not in the gazetteer")
    start, end = _range(spec.start, "start", spec.code), _range(spec.end, "end", spec.code)
    if start.earliest and end.latest and end.latest < start.earliest:
        raise SiegeError(f"siege {spec.code!r}: ends ({spec.end}) before it starts ({spec.start})")
    if spec.population_estimate is not None and spec.population_estimate < 0:
        raise SiegeError(f"siege {spec.code!r}: population estimate must be >= 0")
    siege = Siege(code=spec.code, name_en=spec.name_en, name_ar=spec.name_ar, area_pcodes=list(spec.area_pcodes),
                  besieging_party=spec.besieging_party, start_earliest=start.earliest, start_latest=start.latest,
                  start_precision=start.precision, end_earliest=end.earliest, end_latest=end.latest,
                  end_precision=end.precision, population_estimate=spec.population_estimate,
                  population_source=spec.population_source)
    s.add(siege)
    s.flush()
    return siege


def add_siege_event(s: Session, siege: Siege, kind: str, when: str | None, *, count: int | None = None,
                    description: str | None = None, place_pcode: str | None = None,
                    source: str | None = None) -> SiegeEvent:
    """Record an event of a siege (aid convoy allowed/blocked/looted, starvation deaths, evacuation)."""
    if kind not in EVENT_KINDS:
        raise SiegeError(f"siege {siege.code!r}: event kind {kind!r} is not one of {list(EVENT_KINDS)}")
    fd = _range(when, "event date", siege.code)
    ev = SiegeEvent(siege_id=siege.id, kind=kind, date_earliest=fd.earliest, date_latest=fd.latest,
                    date_precision=fd.precision, count=count, description=description, place_pcode=place_pcode,
                    source=source)
    s.add(ev)
    s.flush()
    return ev


def _within(siege: Siege, first: date | None, last: date | None) -> bool:
    if first is None or last is None or siege.start_earliest is None:
        return False
    end = siege.end_latest or date.max
    return siege.start_earliest <= first and last <= end


def link_sieges(s: Session) -> int:
    """Link every incident that lies inside a siege's area and period; returns the number of new links."""
    sieges = s.execute(select(Siege)).scalars().all()
    if not sieges:
        return 0
    existing = {tuple(r) for r in s.execute(select(IncidentSiege.incident_id, IncidentSiege.siege_id)).all()}
    rows = s.execute(select(Incident.id, Incident.date_earliest, Incident.date_latest, Place.pcode,
                            Place.community_pcode).join(Place, Incident.place_id == Place.id)).all()
    added = 0
    for inc_id, first, last, pcode, community in rows:
        for siege in sieges:
            area = set(siege.area_pcodes or [])
            if (pcode in area or community in area) and _within(siege, first, last) \
                    and (inc_id, siege.id) not in existing:
                s.add(IncidentSiege(incident_id=inc_id, siege_id=siege.id, method="auto"))
                existing.add((inc_id, siege.id))
                added += 1
    s.flush()
    return added


# --------------------------------------------------------------------------- store-level helpers (CLI, web)


def create_siege(store, spec: SiegeSpec) -> dict:
    """Add a siege and link the incidents already inside it; returns the siege as a dict."""
    with store.session() as s:
        if s.execute(select(Siege.id).where(Siege.code == spec.code)).first():
            raise SiegeError(f"a siege with code {spec.code!r} already exists")
        siege = add_siege(s, spec)
        linked = link_sieges(s)
        return {**siege_dict(siege), "incidents_linked": linked}


def record_siege_event(store, code: str, kind: str, when: str | None, **kw) -> dict:
    with store.session() as s:
        siege = s.execute(select(Siege).where(Siege.code == code)).scalar_one_or_none()
        if siege is None:
            raise SiegeError(f"no siege with code {code!r}")
        ev = add_siege_event(s, siege, kind, when, **kw)
        return {"id": ev.id, "siege": code, "kind": ev.kind, "date_earliest": ev.date_earliest,
                "date_latest": ev.date_latest, "date_precision": ev.date_precision, "count": ev.count}


def list_sieges(store) -> list[dict]:
    """Every siege with its events and the codes of the incidents linked to it."""
    with store.session() as s:
        out = []
        for siege in s.execute(select(Siege).order_by(Siege.start_earliest, Siege.code)).scalars():
            d = siege_dict(siege)
            d["incidents"] = list(s.execute(select(Incident.code).join(IncidentSiege,
                                  IncidentSiege.incident_id == Incident.id)
                                  .where(IncidentSiege.siege_id == siege.id)).scalars())
            d["events"] = [{"kind": e.kind, "date_earliest": e.date_earliest, "date_latest": e.date_latest,
                            "date_precision": e.date_precision, "count": e.count, "description": e.description}
                           for e in siege.events]
            out.append(d)
        return out


def relink_sieges(store) -> int:
    with store.session() as s:
        return link_sieges(s)


def siege_dict(siege: Siege) -> dict:
    return {"code": siege.code, "name_en": siege.name_en, "name_ar": siege.name_ar,
            "area_pcodes": list(siege.area_pcodes or []), "besieging_party": siege.besieging_party,
            "start_earliest": siege.start_earliest, "start_latest": siege.start_latest,
            "start_precision": siege.start_precision, "end_earliest": siege.end_earliest,
            "end_latest": siege.end_latest, "end_precision": siege.end_precision,
            "population_estimate": siege.population_estimate, "population_source": siege.population_source}
