"""Reading the Syrian gazetteers into one list of places with their admin hierarchy.

Sources: the Syrian Archive / Mnemonic gazetteer (`sa_locations_pcodes.json`: 5,622 OCHA communities and
375 Syrian Archive neighbourhoods and areas) and, optionally, the Syrian Archive 2015 place fixtures
(`locations.xml`). Governorates, districts and sub-districts are derived from the community rows, so each
community hangs under governorate -> district -> sub-district. A neighbourhood is tied to the community
that contains it (the governorate's city, else the nearest community) for counting by community P-code.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hisab.incidents.admin import governorate_keys, governorate_of_district, governorates
from hisab.incidents.errors import GazetteerError
from hisab.incidents.textnorm import place_key

GOVERNORATE, DISTRICT, SUBDISTRICT, COMMUNITY, NEIGHBOURHOOD = 1, 2, 3, 4, 5
KIND = {1: "governorate", 2: "district", 3: "subdistrict", 4: "community", 5: "neighbourhood"}
_TAIL = re.compile(r"\s*(---)?\s*\(\(\(\d+\)\)\)\s*$")
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
CITY_RADIUS_KM = 12.0


@dataclass
class PlaceEntry:
    """One place of the hierarchy, before it becomes a `Place` row. `key` is unique and stable."""

    key: str
    level: int
    name_en: str
    name_ar: str
    governorate_pcode: str | None
    pcode: str | None = None
    parent_key: str | None = None
    lat: float | None = None
    lon: float | None = None
    alt_names: list[str] = field(default_factory=list)
    community_pcode: str | None = None
    source_code: str | None = None
    origin: str = "derived"

    @property
    def kind(self) -> str:
        return KIND[self.level]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _coord(value: object) -> float | None:
    if value in ("", None):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _split_name(full: str) -> list[str]:
    return [p.strip() for p in _TAIL.sub("", full).split(" - ")]


def _variants(name: str) -> list[str]:
    """Other ways the gazetteer writes one name: "Jeb Abyad - Byud", "جب الأبيض_بيوض", "Tal Tawil (Afrin)"."""
    out = []
    bare = _PAREN.sub(" ", name).strip()
    if bare and bare != name:
        out.append(bare)
    if " - " in bare:  # "Kanayes - Ma'arrat An Nu'man": the tail names the town it is near, not this place
        out.append(bare.split(" - ")[0].strip())
    elif "_" in bare or "-" in bare and any("\u0600" <= c <= "\u06ff" for c in bare):
        out.extend(p.strip() for p in re.split(r"[_-]", bare) if len(p.strip()) > 1)
    return out


def read_sa_gazetteer(path: Path) -> list[PlaceEntry]:
    """Parse `sa_locations_pcodes.json` into governorates, districts, sub-districts, communities, areas."""
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {exc}") from None
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{path}: not valid JSON (line {exc.lineno}): {exc.msg}") from None
    need = {"id", "search_name_en", "search_name_ar", "closest_geonames_post_code", "lat", "lon"}
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise GazetteerError(f"{path}: expected a JSON list of places, found {type(rows).__name__}")
    missing = need - set(rows[0])
    if missing:
        raise GazetteerError(f"{path}: item 1 lacks field(s) {sorted(missing)}; expected {sorted(need)}")
    entries = {g.pcode: PlaceEntry(g.pcode, GOVERNORATE, g.name_en, g.name_ar, g.pcode, pcode=g.pcode,
                                   alt_names=list(g.aliases), origin="hisab:governorates.csv")
               for g in governorates().values()}
    areas = []
    for i, row in enumerate(rows, start=1):
        if str(row.get("sa_loc_only", "")).upper() == "TRUE":
            areas.append(row)
            continue
        _add_community(entries, row, path, i)
    communities = [e for e in entries.values() if e.level == COMMUNITY]
    for row in areas:
        entry = _area_entry(row, communities)
        if entry is not None:
            entries[entry.key] = entry
    return list(entries.values())


def _add_community(entries: dict[str, PlaceEntry], row: dict, path: Path, item: int) -> None:
    en, ar = _split_name(row["search_name_en"]), _split_name(row["search_name_ar"])
    if len(en) < 3:
        raise GazetteerError(f"{path}: item {item}: search_name_en {row['search_name_en']!r} is not "
                             "'place - sub-district - district'")
    gov = governorate_of_district(en[-1])
    if gov is None:
        raise GazetteerError(f"{path}: item {item}: district {en[-1]!r} is not in districts.csv")
    dkey = f"{gov}/{place_key(en[-1])}"
    skey = f"{dkey}/{place_key(en[-2])}"
    dist_ar = ar[-1] if len(ar) >= 3 else ""
    sub_ar = ar[-2] if len(ar) >= 3 else ""
    entries.setdefault(dkey, PlaceEntry(dkey, DISTRICT, en[-1], dist_ar, gov, parent_key=gov))
    entries.setdefault(skey, PlaceEntry(skey, SUBDISTRICT, en[-2], sub_ar, gov, parent_key=dkey))
    name_en = " - ".join(en[:-2])
    short_ar = _TAIL.sub("", row.get("search_name_ar_short") or "").strip()
    name_ar = short_ar or " - ".join(ar[:-2])
    code = str(row["closest_geonames_post_code"]).strip()
    pcode = code if re.fullmatch(r"C\d+", code) else None
    key = pcode if pcode and pcode not in entries else f"SA:{row['id']}"
    alts = _variants(name_en) + _variants(name_ar)
    old = (row.get("old_sa_name") or "").strip()
    if old:
        alts.append(old)
    entries[key] = PlaceEntry(
        key, COMMUNITY, name_en, name_ar, gov, pcode=pcode, parent_key=skey, lat=_coord(row["lat"]),
        lon=_coord(row["lon"]), alt_names=alts, community_pcode=pcode, source_code=code or None,
        origin="syrianarchive:sa_locations_pcodes.json",
    )


def _area_entry(row: dict, communities: list[PlaceEntry]) -> PlaceEntry | None:
    """A Syrian Archive neighbourhood or area ("ALEPPO : Sakhour"), tied to its containing community."""
    code = str(row["closest_geonames_post_code"]).strip()
    gov = code[:4] if re.fullmatch(r"SY\d{2,}", code) else None
    en = _TAIL.sub("", row["search_name_en"])
    region, _, name_en = en.partition(" : ")
    short_ar = _TAIL.sub("", row.get("search_name_ar_short") or "")
    name_ar = short_ar.split(":")[-1].strip()
    old = (row.get("old_sa_name") or "").strip()
    if gov is None:
        gov = _governorate_from_name(region) or _governorate_from_name(old.partition(":")[0])
    lat, lon = _coord(row["lat"]), _coord(row["lon"])
    community = code if re.fullmatch(r"C\d+", code) else _containing_community(gov, region, lat, lon, communities)
    return PlaceEntry(
        f"SA:{row['id']}", NEIGHBOURHOOD, (name_en or region).strip(), name_ar, gov, parent_key=gov,
        lat=lat, lon=lon, alt_names=[old] if old else [], community_pcode=community, source_code=code or None,
        origin="syrianarchive:sa_locations_pcodes.json",
    )


def _governorate_from_name(text: str) -> str | None:
    codes = governorate_keys().get(place_key(text), set())
    return sorted(codes)[0] if codes else None


def _containing_community(gov: str | None, region: str, lat: float | None, lon: float | None,
                          communities: list[PlaceEntry]) -> str | None:
    """The governorate's city when within CITY_RADIUS_KM, else the nearest community of the governorate.

    Without coordinates, only a region named like a community of the same governorate ("ALEPPO") counts.
    """
    pool = [c for c in communities if c.lat is not None and (gov is None or c.governorate_pcode == gov)]
    rkey = place_key(region)
    cities = [c for c in pool if place_key(c.name_en) == rkey]
    if lat is None or lon is None:
        return cities[0].pcode if len(cities) == 1 else None
    for c in cities:
        if haversine_km(lat, lon, c.lat, c.lon) <= CITY_RADIUS_KM:  # type: ignore[arg-type]
            return c.pcode
    if not pool:
        return None
    best = min(pool, key=lambda c: haversine_km(lat, lon, c.lat, c.lon))  # type: ignore[arg-type]
    return best.pcode if haversine_km(lat, lon, best.lat, best.lon) <= CITY_RADIUS_KM else None  # type: ignore[arg-type]


def read_sa2015_locations(path: Path, known: Iterable[PlaceEntry]) -> list[PlaceEntry]:
    """Places of the 2015 Django fixture (`locations.xml`) not already in the gazetteer, as neighbourhoods.

    The fixture repeats its 800-odd places twice; both copies collapse to one entry. A place whose
    "REGION : name" is already an `old_sa_name` of the gazetteer adds nothing.
    """
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise GazetteerError(f"{path}: not a readable Django XML fixture: {exc}") from None
    objects = {}
    for obj in root.iter("object"):
        objects[obj.get("pk")] = {f.get("name"): (f.text or "").strip() for f in obj.iter("field")}
    known = list(known)
    seen = {place_key(a) for e in known for a in e.alt_names}
    communities = [e for e in known if e.level == COMMUNITY]
    out: dict[str, PlaceEntry] = {}
    for pk, f in objects.items():
        region = objects.get(f.get("region", ""), {})
        if not region or region is f:
            continue
        reg_en, reg_ar = region.get("name_en", ""), region.get("name_ar", "")
        name_ar = f.get("name_ar", "")
        old = f"{reg_ar} : {name_ar}"
        k = place_key(old)
        if k in seen or k in out:
            continue
        gov = _governorate_from_name(reg_en)
        lat, lon = _coord(f.get("latitude")), _coord(f.get("longitude"))
        out[k] = PlaceEntry(
            f"SA2015:{pk}", NEIGHBOURHOOD, f.get("name_en", ""), name_ar, gov, parent_key=gov, lat=lat,
            lon=lon, alt_names=[old], community_pcode=_containing_community(gov, reg_en, lat, lon, communities),
            origin="syrianarchive-2015:locations.xml",
        )
    return list(out.values())
