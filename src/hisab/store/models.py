"""The store's tables: the core entities of DESIGN.md.

Nothing is overwritten: a re-import makes a new SourceVersion, a clerical decision is a new MatchDecision,
a custody event is appended. Uncertainty is data: dates carry a precision and a range, counts a min and a
max, attributions a confidence grade. Every column of Source and Record declares its default sensitivity
in `info` (see `sensitivity.py`); columns of later entities default to `restricted`.

Later issues fill the later entities (incidents, actors, evidence, estimates); their tables and relations
exist from the first migration so that every module builds on one schema.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PUBLIC = {"sensitivity": "public"}
RESTRICTED = {"sensitivity": "restricted"}
PROTECTED = {"sensitivity": "protected"}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# --------------------------------------------------------------------------- sources and records


class Source(Base):
    """A list or dataset kept by one group (e.g. a documentation centre's martyrs list)."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True, info=PUBLIC)
    name: Mapped[str] = mapped_column(String(200), unique=True, info=PUBLIC)
    title: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    source_type: Mapped[str | None] = mapped_column(String(50), info=PUBLIC)
    reliability: Mapped[str | None] = mapped_column(String(50), info=PUBLIC)
    contact: Mapped[str | None] = mapped_column(Text, info=PROTECTED)
    notes: Mapped[str | None] = mapped_column(Text, info=RESTRICTED)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, info=PUBLIC)

    versions: Mapped[list[SourceVersion]] = relationship(
        back_populates="source", order_by="SourceVersion.version"
    )


class SourceVersion(Base):
    """One imported file of a source. A changed file makes a new version; the same file changes nothing."""

    __tablename__ = "source_version"
    __table_args__ = (
        UniqueConstraint("source_id", "version"),
        UniqueConstraint("source_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, info=PUBLIC)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), info=PUBLIC)
    version: Mapped[int] = mapped_column(Integer, info=PUBLIC)
    sha256: Mapped[str] = mapped_column(String(64), info=PUBLIC)
    filename: Mapped[str] = mapped_column(Text, info=RESTRICTED)
    file_size: Mapped[int] = mapped_column(BigInteger, info=PUBLIC)
    file_format: Mapped[str] = mapped_column(String(20), info=PUBLIC)
    mapping: Mapped[dict[str, Any]] = mapped_column(info=RESTRICTED)
    record_count: Mapped[int] = mapped_column(Integer, default=0, info=PUBLIC)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0, info=PUBLIC)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, info=PUBLIC)

    source: Mapped[Source] = relationship(back_populates="versions")


class FieldSensitivity(Base):
    """A source's own sensitivity for one field, overriding the column default."""

    __tablename__ = "field_sensitivity"
    __table_args__ = (UniqueConstraint("source_id", "entity", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    entity: Mapped[str] = mapped_column(String(50))
    field: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))


class Record(Base):
    """One row of one source version: the raw row kept verbatim beside the normalised fields.

    Dates are ranges with a precision: `0000-00-00` is (NULL, NULL, "unknown"), `2013-05-00` is
    (2013-05-01, 2013-05-31, "month"). Status defaults to unknown and is never inferred.
    """

    __tablename__ = "record"
    __table_args__ = (
        Index("ix_record_source_version", "source_version_id", "row_number"),
        Index("ix_record_person", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, info=PUBLIC)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True, info=PUBLIC)
    source_version_id: Mapped[int] = mapped_column(ForeignKey("source_version.id"), info=PUBLIC)
    row_number: Mapped[int] = mapped_column(Integer, info=PUBLIC)
    source_record_id: Mapped[str | None] = mapped_column(String(200), info=RESTRICTED)
    raw: Mapped[str] = mapped_column(Text, info=PROTECTED)

    name: Mapped[str | None] = mapped_column(Text, info=RESTRICTED)
    name_ar: Mapped[str | None] = mapped_column(Text, info=RESTRICTED)
    name_en: Mapped[str | None] = mapped_column(Text, info=RESTRICTED)
    sex: Mapped[str | None] = mapped_column(String(10), info=PUBLIC)
    age: Mapped[int | None] = mapped_column(Integer, info=PUBLIC)
    age_group: Mapped[str | None] = mapped_column(String(20), info=PUBLIC)
    birth_date: Mapped[date | None] = mapped_column(Date, info=RESTRICTED)
    birth_year: Mapped[int | None] = mapped_column(Integer, info=RESTRICTED)
    date_earliest: Mapped[date | None] = mapped_column(Date, info=PUBLIC)
    date_latest: Mapped[date | None] = mapped_column(Date, info=PUBLIC)
    date_precision: Mapped[str] = mapped_column(String(10), default="unknown", info=PUBLIC)
    place: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    governorate: Mapped[str | None] = mapped_column(String(200), info=PUBLIC)
    place_pcode: Mapped[str | None] = mapped_column(String(20), info=PUBLIC)
    cause: Mapped[str | None] = mapped_column(String(200), info=PUBLIC)
    status: Mapped[str] = mapped_column(String(20), default="unknown", info=PUBLIC)
    rank: Mapped[str | None] = mapped_column(String(200), info=RESTRICTED)
    fate: Mapped[str | None] = mapped_column(String(20), info=PUBLIC)
    perpetrator: Mapped[str | None] = mapped_column(Text, info=PUBLIC)
    witness_contact: Mapped[str | None] = mapped_column(Text, info=PROTECTED)
    notes: Mapped[str | None] = mapped_column(Text, info=RESTRICTED)

    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), info=PUBLIC)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"), info=PUBLIC)

    source: Mapped[Source] = relationship()
    version: Mapped[SourceVersion] = relationship()
    person: Mapped[Person | None] = relationship(back_populates="records")


# --------------------------------------------------------------------------- linkage


class Person(Base):
    """A victim: a cluster of records that refer to the same human being."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_run.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    records: Mapped[list[Record]] = relationship(back_populates="person")


class LinkRun(Base):
    """One linkage run: its settings and trained model, so the run can be reproduced."""

    __tablename__ = "link_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    settings: Mapped[dict[str, Any]] = mapped_column()
    model: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    threshold: Mapped[float | None] = mapped_column(Float)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MatchDecision(Base):
    """A clerical decision on a pair of records: `same` or `different`. Later rows supersede earlier."""

    __tablename__ = "match_decision"
    __table_args__ = (Index("ix_match_decision_pair", "record_a_id", "record_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_a_id: Mapped[int] = mapped_column(ForeignKey("record.id"))
    record_b_id: Mapped[int] = mapped_column(ForeignKey("record.id"))
    decision: Mapped[str] = mapped_column(String(10))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(20), default="review")
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --------------------------------------------------------------------------- places and incidents
# (section owned by the incidents issue)


class Place(Base):
    """A place in the admin hierarchy (governorate -> district -> sub-district -> community)."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    pcode: Mapped[str | None] = mapped_column(String(20), unique=True)
    name_en: Mapped[str | None] = mapped_column(Text)
    name_ar: Mapped[str | None] = mapped_column(Text)
    admin_level: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    alt_names: Mapped[list[Any] | None] = mapped_column(JSON)
    origin: Mapped[str | None] = mapped_column(String(100))
    key: Mapped[str | None] = mapped_column(String(120), unique=True, index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    governorate_pcode: Mapped[str | None] = mapped_column(String(10), index=True)
    community_pcode: Mapped[str | None] = mapped_column(String(20))
    source_code: Mapped[str | None] = mapped_column(String(20))

    parent: Mapped[Place | None] = relationship(remote_side=[id])


class Incident(Base):
    """Something that happened: a strike, an attack on health care, a chemical attack, a massacre."""

    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(100), unique=True)
    origin: Mapped[str | None] = mapped_column(String(100))
    title_en: Mapped[str | None] = mapped_column(Text)
    title_ar: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    summary_ar: Mapped[str | None] = mapped_column(Text)
    date_earliest: Mapped[date | None] = mapped_column(Date)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    time_of_day: Mapped[str | None] = mapped_column(String(20))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    location_text: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_accuracy: Mapped[str | None] = mapped_column(String(50))
    violation_types: Mapped[list[Any] | None] = mapped_column(JSON)
    weapons: Mapped[list[Any] | None] = mapped_column(JSON)
    targets: Mapped[list[Any] | None] = mapped_column(JSON)
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    external_ids: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    confidence: Mapped[str | None] = mapped_column(String(50))
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # added by migration 0002
    confidence_raw: Mapped[str | None] = mapped_column(String(50))
    civilians_killed_min: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_max: Mapped[int | None] = mapped_column(Integer)
    massacre: Mapped[bool | None] = mapped_column(Boolean)
    attack_types: Mapped[list[Any] | None] = mapped_column(JSON)
    collections: Mapped[list[Any] | None] = mapped_column(JSON)
    media: Mapped[list[Any] | None] = mapped_column(JSON)
    geocode_status: Mapped[str | None] = mapped_column(String(30))
    geocode_note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any] | None] = mapped_column(JSON)

    place: Mapped[Place | None] = relationship()


class Siege(Base):
    """A besieged area (a set of P-codes) held by a besieging party over a period known to some precision."""

    __tablename__ = "siege"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str | None] = mapped_column(Text)
    name_ar: Mapped[str | None] = mapped_column(Text)
    area_pcodes: Mapped[list[Any]] = mapped_column(JSON)
    besieging_party: Mapped[str | None] = mapped_column(Text)
    start_earliest: Mapped[date | None] = mapped_column(Date)
    start_latest: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    end_earliest: Mapped[date | None] = mapped_column(Date)
    end_latest: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    population_estimate: Mapped[int | None] = mapped_column(Integer)
    population_source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    events: Mapped[list[SiegeEvent]] = relationship(back_populates="siege", order_by="SiegeEvent.id")


class SiegeEvent(Base):
    """Something within a siege: an aid convoy allowed, blocked or looted, starvation deaths, an evacuation."""

    __tablename__ = "siege_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    siege_id: Mapped[int] = mapped_column(ForeignKey("siege.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    date_earliest: Mapped[date | None] = mapped_column(Date)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    count: Mapped[int | None] = mapped_column(Integer)
    place_pcode: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)

    siege: Mapped[Siege] = relationship(back_populates="events")


class IncidentSiege(Base):
    """An incident that happened inside a besieged area during the siege (linked automatically or by hand)."""

    __tablename__ = "incident_siege"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), primary_key=True)
    siege_id: Mapped[int] = mapped_column(ForeignKey("siege.id"), primary_key=True)
    method: Mapped[str] = mapped_column(String(20), default="auto")


class IncidentRecordLink(Base):
    """A suggested or decided link between an incident and a victim record; decisions are new rows."""

    __tablename__ = "incident_record_link"
    __table_args__ = (Index("ix_incident_record_link_pair", "incident_id", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"))
    record_id: Mapped[int] = mapped_column(ForeignKey("record.id"))
    status: Mapped[str] = mapped_column(String(20), default="suggested")
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --------------------------------------------------------------------------- actors and attribution
# (section owned by the actors issue)


class Actor(Base):
    """A perpetrator in FollowTheMoney's vocabulary: state, force, unit, person, company, aircraft."""

    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(primary_key=True)
    ftm_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    schema: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[Any] | None] = mapped_column(JSON)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"))
    properties: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # added by migration 0005
    actor_type: Mapped[str | None] = mapped_column(String(50))
    origin: Mapped[str | None] = mapped_column(String(100))

    parent: Mapped[Actor | None] = relationship(remote_side=[id])


attribution_actor = Table(
    "attribution_actor",
    Base.metadata,
    Column("attribution_id", ForeignKey("attribution.id"), primary_key=True),
    Column("actor_id", ForeignKey("actor.id"), primary_key=True),
    Index("ix_attribution_actor_actor", "actor_id"),
)


class Attribution(Base):
    """An incident or victim record attributed to an actor, or to a set of actors not told apart."""

    __tablename__ = "attribution"
    __table_args__ = (
        Index("ix_attribution_record", "record_id"),
        Index("ix_attribution_incident", "incident_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("record.id"))
    role: Mapped[str] = mapped_column(String(30), default="carried_out")
    confidence: Mapped[str | None] = mapped_column(String(30))
    basis: Mapped[list[Any] | None] = mapped_column(JSON)
    source_text: Mapped[str | None] = mapped_column(Text)
    claims: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # added by migration 0005: where the claim came from and how it was graded
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    confidence_raw: Mapped[str | None] = mapped_column(String(100))
    origin: Mapped[str] = mapped_column(String(20), default="assessment")  # source_claim or assessment
    label: Mapped[str | None] = mapped_column(Text)
    assessor: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="current")  # current or withdrawn

    actors: Mapped[list[Actor]] = relationship(secondary=attribution_actor)


class ShareQuery(Base):
    """One computed table of shares: its parameters, a digest of its inputs and its result, so that every
    published figure can be recomputed and checked."""

    __tablename__ = "share_query"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    input_digest: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


# --------------------------------------------------------------------------- evidence
# (section owned by the evidence issue)


class EvidenceItem(Base):
    """A preserved file, stored by content hash; the original is never modified."""

    __tablename__ = "evidence_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(100))
    original_filename: Mapped[str | None] = mapped_column(Text)
    md5_legacy: Mapped[str | None] = mapped_column(String(32))
    capture_time: Mapped[str | None] = mapped_column(String(40))
    metadata_json: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSON)
    c2pa: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    perceptual_hash: Mapped[str | None] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CustodyEvent(Base):
    """One action on the vault, appended to a hash chain and signed; never updated or deleted."""

    __tablename__ = "custody_event"
    __table_args__ = (Index("ix_custody_event_evidence", "evidence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_item.id"))
    action: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    event_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(Text)


class EvidenceLink(Base):
    """An evidence item linked to an incident or a victim record (many to many; links are added, never
    edited, and each one is also a custody event)."""

    __tablename__ = "evidence_link"
    __table_args__ = (
        UniqueConstraint("evidence_id", "incident_id", "record_id"),
        Index("ix_evidence_link_incident", "incident_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_item.id"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("record.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --------------------------------------------------------------------------- estimates
# (section owned by the estimate issue)


class Estimate(Base):
    """A stored estimate with every parameter needed to reproduce it."""

    __tablename__ = "estimate"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    method: Mapped[str] = mapped_column(String(30))
    model: Mapped[str | None] = mapped_column(Text)
    stratum: Mapped[str | None] = mapped_column(Text)
    observed: Mapped[int | None] = mapped_column(Integer)
    estimate: Mapped[float | None] = mapped_column(Float)
    lower: Mapped[float | None] = mapped_column(Float)
    upper: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(200), default="ok")
    seed: Mapped[int | None] = mapped_column(Integer)
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    input_digest: Mapped[str | None] = mapped_column(String(64))


# --------------------------------------------------------------------------- screening
# Sanctions-list snapshots, their entities and the screening log live beside their module; imported here so
# that the store's metadata (and Alembic) always know them.
import hisab.screen.models  # noqa: E402, F401
