"""Places in the store: loading the gazetteer into `Place` rows and building the geocoding index from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hisab.incidents.errors import GazetteerError
from hisab.incidents.gazetteer import PlaceEntry, read_sa2015_locations, read_sa_gazetteer
from hisab.incidents.geocode import GeocodeResult, PlaceIndex
from hisab.store import Store
from hisab.store.models import Place

_LEVEL = {"governorate": 1, "district": 2, "subdistrict": 3, "community": 4, "neighbourhood": 5}


@dataclass(frozen=True)
class PlacesLoaded:
    """What `load_places` did: places added, places already there, and counts by kind."""

    added: int
    existing: int
    by_kind: dict[str, int]


def read_places(gazetteer: Path, fixtures: Path | None = None) -> list[PlaceEntry]:
    """The gazetteer's places, plus the 2015 fixture places it lacks when `fixtures` is given."""
    entries = read_sa_gazetteer(gazetteer)
    if fixtures is not None:
        entries += read_sa2015_locations(fixtures, entries)
    return entries


def load_places(store: Store, gazetteer: Path, fixtures: Path | None = None) -> PlacesLoaded:
    """Write the places into the store, parents first. Places already there (by key) are left unchanged."""
    entries = sorted(read_places(gazetteer, fixtures), key=lambda e: e.level)
    by_kind: dict[str, int] = {}
    added = existing = 0
    with store.session() as s:
        ids = dict(s.execute(select(Place.key, Place.id)).all())
        for e in entries:
            by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
            if e.key in ids:
                existing += 1
                continue
            place = Place(
                key=e.key, pcode=e.pcode, name_en=e.name_en, name_ar=e.name_ar, admin_level=e.level,
                kind=e.kind, parent_id=ids.get(e.parent_key) if e.parent_key else None, latitude=e.lat,
                longitude=e.lon, alt_names=e.alt_names or None, origin=e.origin,
                governorate_pcode=e.governorate_pcode, community_pcode=e.community_pcode,
                source_code=e.source_code,
            )
            s.add(place)
            s.flush()
            ids[e.key] = place.id
            added += 1
    return PlacesLoaded(added, existing, by_kind)


def place_entries(store: Store) -> list[PlaceEntry]:
    """The store's places as gazetteer entries (for the index)."""
    with store.session() as s:
        rows = s.execute(select(Place)).scalars().all()
        keys = {p.id: p.key for p in rows}
        return [
            PlaceEntry(
                key=p.key or f"place:{p.id}", level=p.admin_level or _LEVEL.get(p.kind or "", 4),
                name_en=p.name_en or "", name_ar=p.name_ar or "", governorate_pcode=p.governorate_pcode,
                pcode=p.pcode, parent_key=keys.get(p.parent_id) if p.parent_id else None, lat=p.latitude,
                lon=p.longitude, alt_names=list(p.alt_names or []), community_pcode=p.community_pcode,
                source_code=p.source_code, origin=p.origin or "",
            )
            for p in rows
        ]


def index_from_store(store: Store) -> PlaceIndex:
    """A geocoding index over the store's places; empty when no gazetteer has been loaded."""
    return PlaceIndex(place_entries(store))


def place_ids_by_key(store: Store) -> dict[str, int]:
    with store.session() as s:
        return dict(s.execute(select(Place.key, Place.id)).all())


def find_place(text: str, *, index: PlaceIndex | None = None, store: Store | None = None,
               limit: int = 10) -> GeocodeResult:
    """Geocode free text (Arabic or Latin) to ranked candidates, from an index or the store's gazetteer."""
    if index is None:
        if store is None:
            raise ValueError("find_place needs an index or a store")
        index = index_from_store(store)
    if not len(index):
        raise GazetteerError("no places in the store: load the gazetteer first (`hisab places load`)")
    return index.find(text, limit=limit)
