"""Placing an incident draft: its place text through the gazetteer, else its coordinates; failures kept."""

from __future__ import annotations

from dataclasses import dataclass

from hisab.incidents.drafts import IncidentDraft
from hisab.incidents.gazetteer import COMMUNITY, haversine_km
from hisab.incidents.geocode import Candidate, PlaceIndex

ACCEPT_SCORE = 0.85
NEAR_KM = 10.0
PLACED = ("community", "nearest_community")


@dataclass(frozen=True)
class Located:
    """Where one incident was placed, or why it was not. `status` is one of:

    community (a place with a community P-code), nearest_community (from coordinates alone),
    area (a sub-district or area larger than one community), ambiguous, weak, not_found, no_location.
    """

    code: str
    location_text: str | None
    status: str
    place_key: str | None = None
    community_pcode: str | None = None
    governorate_pcode: str | None = None
    name_en: str | None = None
    score: float | None = None
    distance_km: float | None = None
    reason: str | None = None

    @property
    def placed(self) -> bool:
        return self.status in PLACED


def locate(index: PlaceIndex, d: IncidentDraft) -> Located:
    """Geocode one draft. Coordinates outside Syria are never used."""
    coords = None
    if d.latitude is not None and d.longitude is not None and not any("outside Syria" in f for f in d.flags):
        coords = (d.latitude, d.longitude)
    if not len(index):
        return Located(d.code, d.location_text, "not_found", reason="no gazetteer loaded (run `hisab places load`)")
    if d.location_text:
        result = index.find(d.location_text)
        if result.ambiguous and coords:
            tied = [c for c in result.candidates if result.candidates[0].score - c.score < 0.005 and c.latitude]
            best = min(tied, key=lambda c: haversine_km(*coords, c.latitude, c.longitude))  # type: ignore[arg-type]
            return _placed(d, best, coords, "ambiguous name resolved by the reported coordinates")
        if result.ambiguous:
            top = result.candidates[0].score
            names = "; ".join(f"{c.name_en} ({c.governorate})" for c in result.candidates if top - c.score < 0.005)
            return Located(d.code, d.location_text, "ambiguous", reason=f"{result.reason}: {names}")
        best = result.best
        if best is None:
            return Located(d.code, d.location_text, "not_found", reason=result.reason)
        if best.score < ACCEPT_SCORE:
            return Located(d.code, d.location_text, "weak", best.key, best.community_pcode, best.governorate_pcode,
                           best.name_en, best.score, reason=f"best match {best.name_en!r} scores only {best.score}")
        return _placed(d, best, coords, None)
    if coords:
        near = nearest_community(index, *coords)
        if near is not None:
            km = haversine_km(*coords, near.lat, near.lon)  # type: ignore[arg-type]
            if km <= NEAR_KM:
                return Located(d.code, None, "nearest_community", near.key, near.community_pcode,
                               near.governorate_pcode, near.name_en, None, round(km, 2),
                               "placed from coordinates alone")
    return Located(d.code, None, "no_location", reason="no place text and no usable coordinates")


def _placed(d: IncidentDraft, best: Candidate, coords: tuple[float, float] | None, note: str | None) -> Located:
    km = None
    if coords and best.latitude is not None and best.longitude is not None:
        km = round(haversine_km(*coords, best.latitude, best.longitude), 2)
    status = "community" if best.community_pcode else "area"
    reason = note
    if status == "area":
        reason = f"{best.name_en!r} ({best.kind}) is an area not tied to one community"
    if km is not None and km > NEAR_KM:
        reason = f"{reason + '; ' if reason else ''}{km} km from the reported coordinates"
    return Located(d.code, d.location_text, status, best.key, best.community_pcode, best.governorate_pcode,
                   best.name_en, best.score, km, reason)


def nearest_community(index: PlaceIndex, lat: float, lon: float):
    """The community nearest to a point (a linear scan: used for the few incidents without place text)."""
    pool = [e for e in index.entries if e.level == COMMUNITY and e.lat is not None and e.lon is not None]
    return min(pool, key=lambda e: haversine_km(lat, lon, e.lat, e.lon), default=None)  # type: ignore[arg-type]
