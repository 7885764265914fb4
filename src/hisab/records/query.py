"""Read what the store holds about sources and records, for the CLI, the web app and Python users."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from hisab.errors import NotFound
from hisab.store import Store
from hisab.store.models import Record, Source, SourceVersion


@dataclass(frozen=True)
class SourceSummary:
    """One source at its newest version (or one version, with `all_versions`)."""

    name: str
    version: int
    sha256: str
    records: int
    rejected: int
    filename: str
    imported_at: datetime
    versions: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256, "records": self.records,
                "rejected": self.rejected, "versions": self.versions,
                "imported_at": self.imported_at.isoformat() if self.imported_at else None}


def list_sources(store: Store, *, all_versions: bool = False) -> list[SourceSummary]:
    with store.session() as session:
        sources = session.scalars(select(Source).order_by(Source.name)).all()
        out = []
        for source in sources:
            versions = list(source.versions)
            for v in versions if all_versions else versions[-1:]:
                out.append(SourceSummary(source.name, v.version, v.sha256, v.record_count, v.rejected_count,
                                         v.filename, v.imported_at, len(versions)))
        return out


def source_version(store: Store, name: str, version: int | None = None) -> SourceVersion:
    """A source's version (the newest by default); NotFound names the sources that exist."""
    with store.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).first()
        if source is None:
            known = ", ".join(session.scalars(select(Source.name).order_by(Source.name))) or "none yet"
            raise NotFound(f"no source named {name!r} (sources: {known})")
        versions = {v.version: v for v in source.versions}
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            raise NotFound(f"source {name!r} has no version {version} (versions: {sorted(versions)})")
        return versions[version]


def list_records(store: Store, source: str | None = None, limit: int = 20, offset: int = 0) -> list[Record]:
    query = select(Record).order_by(Record.id).limit(limit).offset(offset)
    if source:
        query = query.where(Record.source_version_id == source_version(store, source).id)
    with store.session() as session:
        return list(session.scalars(query))


def get_record(store: Store, record_id: int) -> tuple[Record, dict[str, Any]]:
    """A record and its raw row, parsed."""
    with store.session() as session:
        record = session.get(Record, record_id)
        if record is None:
            raise NotFound(f"no record with id {record_id}")
        return record, json.loads(record.raw)


@dataclass(frozen=True)
class SourceProfile:
    """What a source's newest version holds: counts that tell a reader whether the import looks right."""

    name: str
    version: int
    records: int
    arabic_names: int
    latin_names: int
    female: int
    male: int
    children: int
    with_age: int
    date_precision: dict[str, int]
    status: dict[str, int]


def profile_sources(store: Store) -> list[SourceProfile]:
    """One profile per source (newest version), computed in SQL."""
    r = Record.__table__.c
    profiles = []
    with store.engine.connect() as conn:
        for summary in list_sources(store):
            version_id = source_version(store, summary.name).id
            where = r.source_version_id == version_id
            counts = conn.execute(select(
                func.count(), func.count(r.name_ar), func.count(r.name_en),
                func.sum(case((r.sex == "female", 1), else_=0)), func.sum(case((r.sex == "male", 1), else_=0)),
                func.sum(case((r.age_group == "child", 1), else_=0)), func.count(r.age),
            ).where(where)).one()
            precision = dict(conn.execute(select(r.date_precision, func.count()).where(where)
                                          .group_by(r.date_precision)).all())
            status = dict(conn.execute(select(r.status, func.count()).where(where).group_by(r.status)).all())
            profiles.append(SourceProfile(summary.name, summary.version, *(int(c or 0) for c in counts),
                                          date_precision=precision, status=status))
    return profiles
