"""Reading incidents back: lists with filters, one incident in full, and statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hisab.incidents.admin import governorates
from hisab.incidents.errors import IncidentNotFound
from hisab.store import Store
from hisab.store.models import Incident, IncidentRecordLink, IncidentSiege, Place, Siege


@dataclass(frozen=True)
class IncidentRow:
    """One incident as lists, exports and maps show it."""

    id: int
    code: str
    origin: str | None
    date_earliest: date | None
    date_latest: date | None
    date_precision: str
    place: str | None
    pcode: str | None
    governorate: str | None
    governorate_pcode: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    violation_types: list[str]
    weapons: list[str]
    attack_types: list[str]
    targets: list[str]
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    massacre: bool | None
    confidence: str | None
    confidence_raw: str | None
    geocode_status: str | None
    title_en: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _row(inc: Incident, place: Place | None) -> IncidentRow:
    gov = place.governorate_pcode if place else None
    lat, lon, precision = inc.latitude, inc.longitude, "reported" if inc.latitude is not None else None
    outside = inc.geocode_note and "outside Syria" in inc.geocode_note
    if (lat is None or outside) and place is not None and place.latitude is not None:
        lat, lon, precision = place.latitude, place.longitude, place.kind
    return IncidentRow(
        inc.id, inc.code or str(inc.id), inc.origin, inc.date_earliest, inc.date_latest, inc.date_precision,
        place.name_en if place else None, (place.community_pcode or place.pcode) if place else None,
        governorates()[gov].name_en if gov in governorates() else None, gov, lat, lon, precision,
        list(inc.violation_types or []), list(inc.weapons or []), list(inc.attack_types or []),
        list(inc.targets or []), inc.killed_min, inc.killed_max, inc.injured_min, inc.injured_max, inc.massacre,
        inc.confidence, inc.confidence_raw, inc.geocode_status, inc.title_en,
    )


def list_incidents(store: Store, *, origin: str | None = None, governorate: str | None = None,
                   massacre: bool | None = None, since: date | None = None, until: date | None = None,
                   limit: int | None = None) -> list[IncidentRow]:
    """Incidents in date order, filtered by origin, governorate P-code or name, massacre flag and dates."""
    q = select(Incident, Place).outerjoin(Place, Incident.place_id == Place.id)
    if origin:
        q = q.where(Incident.origin == origin)
    if governorate:
        names = {k: p for p, g in governorates().items() for k in (p, g.name_en.lower(), g.name_ar)}
        gov = names.get(governorate.lower(), governorate)
        q = q.where(Place.governorate_pcode == gov)
    if massacre is not None:
        q = q.where(Incident.massacre.is_(massacre))
    if since:
        q = q.where(Incident.date_latest >= since)
    if until:
        q = q.where(Incident.date_earliest <= until)
    q = q.order_by(Incident.date_earliest.is_(None), Incident.date_earliest, Incident.code).limit(limit)
    with store.session() as s:
        return [_row(inc, place) for inc, place in s.execute(q).all()]


def _find(s: Session, ref: str) -> Incident:
    q = select(Incident).where(or_(Incident.code == ref, Incident.code == f"WHO-{ref}"))
    inc = s.execute(q).scalar_one_or_none()
    if inc is None and ref.isdigit():
        inc = s.get(Incident, int(ref))
    if inc is None:
        raise IncidentNotFound(f"no incident with code or id {ref!r} (see `hisab incidents list`)")
    return inc


def get_incident(store: Store, ref: str) -> dict[str, Any]:
    """One incident in full: its row, summaries, external ids, media, sieges, record links, sources."""
    with store.session() as s:
        inc = _find(s, ref)
        place = s.get(Place, inc.place_id) if inc.place_id else None
        sieges = s.execute(select(Siege.code).join(IncidentSiege, IncidentSiege.siege_id == Siege.id)
                           .where(IncidentSiege.incident_id == inc.id)).scalars().all()
        links = s.execute(select(IncidentRecordLink).where(IncidentRecordLink.incident_id == inc.id)
                          .order_by(IncidentRecordLink.id)).scalars().all()
        out = _row(inc, place).to_dict()
        out.update(
            title_ar=inc.title_ar, summary_en=inc.summary_en, summary_ar=inc.summary_ar, time_of_day=inc.time_of_day,
            location_text=inc.location_text, reported_latitude=inc.latitude, reported_longitude=inc.longitude,
            place_key=place.key if place else None, place_ar=place.name_ar if place else None,
            geocode_note=inc.geocode_note, external_ids=inc.external_ids or {}, collections=inc.collections or [],
            media=inc.media or [], civilians_killed_min=inc.civilians_killed_min, sieges=list(sieges),
            record_links=[{"id": lk.id, "record_id": lk.record_id, "status": lk.status, "score": lk.score}
                          for lk in links],
            sources=inc.sources or [], conflicts=(inc.raw or {}).get("conflicts", []),
        )
        return out


def incident_stats(store: Store, *, origin: str | None = None) -> dict[str, Any]:
    """Counts and casualty totals, overall and by origin, year, governorate, type and confidence."""
    rows = list_incidents(store, origin=origin)
    def total(attr: str) -> int:
        return sum(getattr(r, attr) or 0 for r in rows)
    by = {
        "origin": Counter(r.origin for r in rows),
        "year": Counter(str(r.date_earliest.year) if r.date_earliest else "unknown" for r in rows),
        "governorate": Counter(r.governorate or "unknown" for r in rows),
        "violation_type": Counter(v for r in rows for v in r.violation_types),
        "weapon": Counter(v for r in rows for v in r.weapons),
        "who_attack_type": Counter(v for r in rows for v in r.attack_types),
        "target": Counter(v for r in rows for v in r.targets),
        "confidence": Counter(r.confidence_raw or "none" for r in rows),
        "geocode_status": Counter(r.geocode_status or "none" for r in rows),
    }
    return {
        "incidents": len(rows),
        "killed_min": total("killed_min"), "killed_max": total("killed_max"),
        "injured_min": total("injured_min"), "injured_max": total("injured_max"),
        "incidents_with_casualty_counts": sum(1 for r in rows if r.killed_min is not None),
        "massacres": sum(1 for r in rows if r.massacre),
        "by": {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in by.items()},
    }
