"""Loading list files into versioned snapshots, and reading the current ones back.

A file is parsed completely before anything is written; the snapshot and its entities are then written
in one transaction. So a malformed or truncated file raises and leaves the previous snapshot of that
list current: a bad list never replaces a good one. Loading the same bytes twice adds no new snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.models import ScreenEntity, ScreenSnapshot
from hisab.screen.readers import READERS, ListData
from hisab.store import Store

KINDS = tuple(READERS)


@dataclass
class SnapshotInfo:
    id: int
    kind: str
    path: str
    sha256: str
    generated: str | None
    loaded_at: str
    entity_count: int
    status: str
    new: bool = True


def read_list(kind: str, path: str | Path) -> ListData:
    if kind not in READERS:
        raise ScreenInputError(f"unknown list kind {kind!r}; expected one of {', '.join(KINDS)}")
    return READERS[kind](Path(path))


def _info(s: ScreenSnapshot, new: bool = True) -> SnapshotInfo:
    return SnapshotInfo(s.id, s.kind, s.path, s.sha256, s.generated, s.loaded_at.isoformat(timespec="seconds"),
                        s.entity_count, s.status, new)


def load_list(store: Store, kind: str, path: str | Path) -> SnapshotInfo:
    """Parse `path` as a `kind` list and store it as the new current snapshot of that kind."""
    data = read_list(kind, path)
    ids = [e.list_id for e in data.entities]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ScreenInputError(f"{path}: list id {dup} appears twice")
    with store.session() as s:
        current = select(ScreenSnapshot).where(ScreenSnapshot.kind == kind, ScreenSnapshot.status == "current")
        same = s.scalars(current.where(ScreenSnapshot.sha256 == data.sha256)).first()
        if same is not None:
            return _info(same, new=False)
        for old in s.scalars(current):
            old.status = "superseded"
        snap = ScreenSnapshot(kind=kind, path=str(path), sha256=data.sha256, generated=data.generated,
                              entity_count=len(data.entities), status="current")
        s.add(snap)
        s.flush()
        s.add_all(ScreenEntity(snapshot_id=snap.id, list_id=e.list_id, schema=e.schema, caption=e.caption,
                               digest=e.digest(), data=e.to_ftm()) for e in data.entities)
        s.flush()
        return _info(snap)


def list_snapshots(store: Store) -> list[SnapshotInfo]:
    with store.session() as s:
        return [_info(x) for x in s.scalars(select(ScreenSnapshot).order_by(ScreenSnapshot.id))]


def get_snapshot(store: Store, ref: str | int) -> SnapshotInfo:
    """A snapshot by id, or by hash prefix (at least 6 characters)."""
    with store.session() as s:
        ref = str(ref)
        if ref.isdigit():
            snap = s.get(ScreenSnapshot, int(ref))
        else:
            if len(ref) < 6:
                raise ScreenInputError(f"snapshot {ref!r}: give an id or at least 6 characters of its hash")
            snap = s.scalars(select(ScreenSnapshot).where(ScreenSnapshot.sha256.startswith(ref.lower()))).first()
        if snap is None:
            raise ScreenInputError(f"no list snapshot {ref!r}; see `hisab screen lists`")
        return _info(snap)


def snapshot_entities(store: Store, snapshot_id: int) -> list[ListEntity]:
    with store.session() as s:
        snap = s.get(ScreenSnapshot, snapshot_id)
        rows = s.scalars(select(ScreenEntity).where(ScreenEntity.snapshot_id == snapshot_id).order_by(ScreenEntity.id))
        return [ListEntity.from_ftm(snap.kind, r.list_id, r.data) for r in rows]


def current_snapshots(store: Store) -> list[SnapshotInfo]:
    return [x for x in list_snapshots(store) if x.status == "current"]
