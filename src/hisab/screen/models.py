"""Store tables of the screening module: list snapshots, their entities and the screening log.

A snapshot is written only after its whole file parsed, in one transaction, so a bad list never replaces
a good one. Entities are kept as FtM-style JSON (`{id, schema, properties}`) so that every list format
lands in one shape. The log keeps what a reviewer needs to re-check a screening later: the query, its
normalised forms, the hashes of the snapshots it ran on, the algorithm version, the hits and the decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hisab.store.models import PUBLIC, RESTRICTED, Base, utcnow


class ScreenSnapshot(Base):
    """One loaded version of one sanctions list file."""

    __tablename__ = "screen_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True, info=PUBLIC)
    kind: Mapped[str] = mapped_column(String(20), info=PUBLIC)
    path: Mapped[str] = mapped_column(Text, info=PUBLIC)
    sha256: Mapped[str] = mapped_column(String(64), info=PUBLIC)
    generated: Mapped[str | None] = mapped_column(String(40), info=PUBLIC)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, info=PUBLIC)
    entity_count: Mapped[int] = mapped_column(Integer, info=PUBLIC)
    status: Mapped[str] = mapped_column(String(20), default="current", info=PUBLIC)


class ScreenEntity(Base):
    """One listed person, organisation, vessel or aircraft of a snapshot (FtM-style JSON)."""

    __tablename__ = "screen_entity"
    __table_args__ = (Index("ix_screen_entity_snapshot", "snapshot_id", "list_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, info=PUBLIC)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("screen_snapshot.id"), info=PUBLIC)
    list_id: Mapped[str] = mapped_column(String(100), info=PUBLIC)
    schema: Mapped[str] = mapped_column(String(40), info=PUBLIC)
    caption: Mapped[str] = mapped_column(Text, info=PUBLIC)
    digest: Mapped[str] = mapped_column(String(64), info=PUBLIC)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, info=PUBLIC)


class ScreenLog(Base):
    """One screening: who was screened, against which snapshots, with what result and decision."""

    __tablename__ = "screen_log"

    id: Mapped[int] = mapped_column(primary_key=True, info=RESTRICTED)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, info=RESTRICTED)
    query: Mapped[str] = mapped_column(Text, info=RESTRICTED)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, info=RESTRICTED)
    normalised: Mapped[dict[str, Any]] = mapped_column(JSON, info=RESTRICTED)
    snapshots: Mapped[dict[str, Any]] = mapped_column(JSON, info=RESTRICTED)
    algorithm: Mapped[str] = mapped_column(String(40), info=RESTRICTED)
    hits: Mapped[dict[str, Any]] = mapped_column(JSON, info=RESTRICTED)
    decision: Mapped[str | None] = mapped_column(String(40), info=RESTRICTED)
    reviewer: Mapped[str | None] = mapped_column(String(200), info=RESTRICTED)
