"""Importing incident files into the store: all-or-nothing per file, merged by incident code, geocoded.

A file with any bad value (malformed JSON, unknown vocabulary term, impossible date) is refused whole and
nothing is written. Good files become a new SourceVersion (the same file twice changes nothing). An
incident already in the store (same code) is merged: empty fields are filled, lists are united, and a
value that differs is kept as it was with the new one noted under `raw["conflicts"]` — never overwritten.
What cannot be geocoded is imported all the same and listed in the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hisab.hashing import sha256_file
from hisab.incidents.detect import read_incidents_file
from hisab.incidents.drafts import IncidentDraft, massacre_flag
from hisab.incidents.errors import IncidentFileRejected
from hisab.incidents.geocode import PlaceIndex
from hisab.incidents.locate import Located, locate
from hisab.incidents.places import index_from_store
from hisab.incidents.sieges import link_sieges
from hisab.incidents.taxonomy import Taxonomy
from hisab.store import Store
from hisab.store.models import Incident, Place, Source, SourceVersion

SCALARS = ("title_en", "title_ar", "summary_en", "summary_ar", "date_earliest", "date_latest", "time_of_day",
           "location_text", "latitude", "longitude", "location_accuracy", "killed_min", "killed_max",
           "injured_min", "injured_max", "civilians_killed_min", "civilians_killed_max", "confidence",
           "confidence_raw")
LISTS = ("violation_types", "weapons", "targets", "attack_types", "collections", "media")


@dataclass
class FileImport:
    """What importing one file did."""

    path: str
    format: str
    sha256: str
    already_imported: bool = False
    added: int = 0
    merged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    located: list[Located] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)
    unit_hashes: int = 0
    unknown_codes: list[str] = field(default_factory=list)

    @property
    def geocode_counts(self) -> dict[str, int]:
        return dict(Counter(x.status for x in self.located))

    @property
    def failures(self) -> list[Located]:
        """Incidents with place text that did not reach a community P-code, with the reason."""
        return [x for x in self.located if x.location_text and not x.placed]


@dataclass
class ImportReport:
    files: list[FileImport]
    sieges_linked: int = 0


def import_incidents(store: Store, paths: list[Path], *, taxonomy: Taxonomy | None = None,
                     index: PlaceIndex | None = None, group_by: str = "event",
                     country: str | None = "Syrian Arab Republic") -> ImportReport:
    """Import each file in order (formats recognised by content); see the module docstring."""
    taxonomy = taxonomy or Taxonomy.load()
    index = index if index is not None else index_from_store(store)
    report = ImportReport([])
    for path in map(Path, paths):
        result = read_incidents_file(path, taxonomy, group_by=group_by, country=country)
        if result.problems:
            raise IncidentFileRejected(str(path), result.problems)
        fi = FileImport(str(path), result.format, sha256_file(path)[0], skipped=result.skipped)
        report.files.append(fi)
        with store.session() as s:
            version = _new_version(s, path, fi, len(result.drafts) + len(result.unit_hashes))
            if version is None:
                fi.already_imported = True
                continue
            places = dict(s.execute(select(Place.key, Place.id)).all())
            for d in result.drafts:
                loc = locate(index, d) if d.location_text or d.latitude is not None else None
                if loc is not None:
                    fi.located.append(loc)
                fi.flags.extend((d.code, f) for f in d.flags)
                _upsert(s, d, loc, places, {"file": path.name, "sha256": fi.sha256, "format": fi.format,
                                            "source_version_id": version.id}, fi)
            _attach_units(s, result.unit_hashes, fi)
    with store.session() as s:
        report.sieges_linked = link_sieges(s)
    return report


def _new_version(s: Session, path: Path, fi: FileImport, count: int) -> SourceVersion | None:
    source = s.execute(select(Source).where(Source.name == fi.format)).scalar_one_or_none()
    if source is None:
        source = Source(name=fi.format, title=fi.format, source_type="incidents")
        s.add(source)
        s.flush()
    if s.execute(select(SourceVersion.id).where(SourceVersion.source_id == source.id,
                                                SourceVersion.sha256 == fi.sha256)).first():
        return None
    n = len(source.versions) + 1
    version = SourceVersion(source_id=source.id, version=n, sha256=fi.sha256, filename=path.name,
                            file_size=path.stat().st_size, file_format=path.suffix.lstrip(".") or "?",
                            mapping={"format": fi.format}, record_count=count)
    s.add(version)
    s.flush()
    return version


def _upsert(s: Session, d: IncidentDraft, loc: Located | None, places: dict[str, int], origin: dict[str, Any],
            fi: FileImport) -> None:
    inc = s.execute(select(Incident).where(Incident.code == d.code)).scalar_one_or_none()
    if inc is None:
        inc = Incident(code=d.code, origin=d.origin, date_precision=d.date_precision, raw={},
                       external_ids={}, sources=[])
        s.add(inc)
        fi.added += 1
    else:
        fi.merged += 1
    raw = dict(inc.raw or {})
    conflicts = list(raw.get("conflicts", []))
    for name in SCALARS:
        new, old = getattr(d, name), getattr(inc, name)
        if new in (None, ""):
            continue
        if old in (None, ""):
            setattr(inc, name, new)
            if name == "date_earliest":
                inc.date_precision = d.date_precision
        elif old != new:
            conflicts.append({"field": name, "kept": str(old), "other": str(new), "file": origin["file"]})
    for name in LISTS:
        old_list = list(getattr(inc, name) or [])
        merged = old_list + [v for v in getattr(d, name) if v not in old_list]
        setattr(inc, name, merged or None)
    inc.external_ids = {**d.external_ids, **(inc.external_ids or {})}
    raw[origin["file"]] = d.raw
    if conflicts:
        raw["conflicts"] = conflicts
    inc.raw = raw
    inc.sources = [*(inc.sources or []), origin]
    inc.massacre = massacre_flag(inc.civilians_killed_min)
    if loc is not None and (inc.place_id is None or inc.geocode_status not in ("community", "nearest_community")):
        inc.place_id = places.get(loc.place_key) if loc.place_key and loc.status != "weak" else None
        inc.geocode_status = loc.status
        inc.geocode_note = loc.reason
    elif loc is None and inc.geocode_status is None:
        inc.geocode_status = "no_location"
    s.flush()


def _attach_units(s: Session, hashes: dict[str, list[str]], fi: FileImport) -> None:
    for code, values in hashes.items():
        inc = s.execute(select(Incident).where(Incident.code == code)).scalar_one_or_none()
        if inc is None:
            fi.unknown_codes.append(code)
            continue
        media = list(inc.media or [])
        known = {m.get("sc_id_hash") for m in media}
        media += [{"kind": "unit", "sc_id_hash": h} for h in values if h not in known]
        inc.media = media
        fi.unit_hashes += len(values)
