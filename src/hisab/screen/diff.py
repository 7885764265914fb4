"""Comparing two snapshots of a list, and re-screening the logged queries the change touches.

Entries are matched by list id: an id only in the new snapshot is newly designated, one only in the old
is delisted, one in both with a different content digest is amended. Logged queries are re-screened
against the new and amended entries (could they now hit?) and those that hit a delisted or amended
entry before are reported too, so a reviewer sees whose status may have changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from hisab.screen.errors import ScreenInputError
from hisab.screen.index import ScreenIndex
from hisab.screen.lists import get_snapshot, snapshot_entities
from hisab.screen.models import ScreenEntity, ScreenLog
from hisab.store import Store


@dataclass
class Rescreen:
    query: str
    before: list[str]
    after: list[dict]


@dataclass
class SnapshotDiff:
    kind: str
    old: str
    new: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    amended: list[dict] = field(default_factory=list)
    rescreened: list[Rescreen] = field(default_factory=list)


def _digests(store: Store, snapshot_id: int) -> dict[str, tuple[str, str]]:
    with store.session() as s:
        rows = s.execute(select(ScreenEntity.list_id, ScreenEntity.digest, ScreenEntity.caption)
                         .where(ScreenEntity.snapshot_id == snapshot_id))
        return {r[0]: (r[1], r[2]) for r in rows}


def diff_snapshots(store: Store, old_ref: str, new_ref: str, rescreen: bool = True) -> SnapshotDiff:
    old, new = get_snapshot(store, old_ref), get_snapshot(store, new_ref)
    if old.kind != new.kind:
        raise ScreenInputError(f"snapshots {old.id} ({old.kind}) and {new.id} ({new.kind}) are different lists")
    a, b = _digests(store, old.id), _digests(store, new.id)
    out = SnapshotDiff(new.kind, old.sha256, new.sha256)
    out.added = [{"list_id": k, "name": b[k][1]} for k in sorted(b.keys() - a.keys())]
    out.removed = [{"list_id": k, "name": a[k][1]} for k in sorted(a.keys() - b.keys())]
    out.amended = [{"list_id": k, "name": b[k][1]} for k in sorted(a.keys() & b.keys()) if a[k][0] != b[k][0]]
    if rescreen and (out.added or out.removed or out.amended):
        out.rescreened = _rescreen(store, new.id, new.kind, out)
    return out


def _rescreen(store: Store, new_id: int, kind: str, d: SnapshotDiff) -> list[Rescreen]:
    changed = {x["list_id"] for x in d.added + d.amended}
    touched = changed | {x["list_id"] for x in d.removed}
    entities = [e for e in snapshot_entities(store, new_id) if e.list_id in changed]
    index = ScreenIndex(entities) if entities else None
    with store.session() as s:
        logs = list(s.scalars(select(ScreenLog).order_by(ScreenLog.id)))
        seen: dict[tuple, list[str]] = {}
        for log in logs:
            key = (log.query, log.params.get("schema"), log.params.get("birth_date"))
            before = [h["list_id"] for h in log.hits.get("hits", []) if h["list"] == kind and h["list_id"] in touched]
            seen.setdefault(key, [])
            seen[key] = sorted(set(seen[key]) | set(before))
    out = []
    for (query, schema, dob), before in seen.items():
        after = []
        if index is not None:
            res = index.search(query, schema=schema, birth_date=dob)
            after = [h.to_dict() for h in res.hits if h.score >= 0.5]
        if before or any(h["match"] for h in after):
            out.append(Rescreen(query, before, after))
    return out
