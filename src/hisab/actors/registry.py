"""The actor registry in the store: load FtM entities, keep the hierarchy acyclic, roll actors up to parties.

An attribution names the most precise actor the evidence supports (a unit, an aircraft, a branch); shares
are counted per party, the root of the "is part of" hierarchy. A cycle in that hierarchy would make roll-up
meaningless, so every load checks the whole graph and refuses (writing nothing) if one appears.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hisab.actors.errors import HierarchyCycle, UnknownActor
from hisab.actors.ftm import ACTOR_SCHEMAS, RELATION_SCHEMAS, parent_property, seed_entities, validate_entity
from hisab.store import Store
from hisab.store.models import Actor


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    relations: int
    origin: str


@dataclass(frozen=True)
class ActorRow:
    id: int
    ftm_id: str
    schema: str
    name: str
    name_ar: str | None
    actor_type: str | None
    parent: str | None
    party: str
    aliases: list[dict[str, str]]


def find_cycle(parents: dict[str, str | None]) -> list[str] | None:
    """The first loop in a child -> parent map, as the list of ids around it, or None."""
    done: set[str] = set()
    for start in parents:
        path: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in done:
            if node in seen:
                return path[path.index(node):] + [node]
            seen.add(node)
            path.append(node)
            node = parents.get(node)
        done.update(path)
    return None


def load_entities(store: Store, entities: Iterable[dict[str, Any]], origin: str) -> LoadResult:
    """Insert or update actors by FtM id; all or nothing. Raises on unknown parents and on cycles."""
    ents = [validate_entity(e, f"entity {e.get('id')!r}") for e in entities]
    created = updated = relations = 0
    with store.session() as s:
        existing = {a.ftm_id: a for a in s.scalars(select(Actor))}
        parents: dict[str, str | None] = {fid: None for fid in existing}
        for a in existing.values():
            if a.parent_id is not None:
                parents[a.ftm_id] = next(x.ftm_id for x in existing.values() if x.id == a.parent_id)
        for e in ents:
            if e["schema"] in RELATION_SCHEMAS:
                continue
            prop = parent_property(e["schema"])
            refs = e["properties"].get(prop, []) if prop else []
            parents[e["id"]] = refs[0] if refs else None
        for child, parent in parents.items():
            if parent is not None and parent not in parents:
                raise UnknownActor(f"actor {child!r} is part of {parent!r}, which is not in the registry")
        for e in ents:
            if e["schema"] in RELATION_SCHEMAS:
                for k, vals in e["properties"].items():
                    if k in ("member", "organization", "director", "owner", "asset"):
                        for v in vals:
                            if v not in parents:
                                raise UnknownActor(f"relation {e['id']!r} ({e['schema']}) names unknown "
                                                   f"actor {v!r} as {k}")
        cycle = find_cycle(parents)
        if cycle:
            raise HierarchyCycle("the actor hierarchy has a cycle: " + " -> ".join(cycle)
                                 + "; an actor cannot be part of itself (nothing was loaded)")
        for e in ents:
            extra = e.get("hisab") or {}
            props = e["properties"]
            row = existing.get(e["id"])
            if row is None:
                row = Actor(ftm_id=e["id"])
                s.add(row)
                existing[e["id"]] = row
                created += 1
            else:
                updated += 1
            row.schema = e["schema"]
            row.name = (props.get("name") or [e["id"]])[0]
            row.aliases = extra.get("aliases") or [{"lang": "", "name": n} for n in props.get("alias", [])]
            row.properties = props
            row.actor_type = extra.get("actor_type") or ("relation" if e["schema"] in RELATION_SCHEMAS
                                                         else row.actor_type)
            row.origin = origin[:100]
            relations += e["schema"] in RELATION_SCHEMAS
        s.flush()
        for e in ents:
            row = existing[e["id"]]
            parent = parents.get(e["id"])
            row.parent_id = existing[parent].id if parent else None
    return LoadResult(created, updated, relations, origin)


def load_seed(store: Store, path: str | None = None) -> LoadResult:
    """Load the shipped seed registry (or another seed YAML) into the store."""
    ents, origin = seed_entities(path)
    return load_entities(store, ents, origin)


def _arabic(aliases: list[dict[str, str]] | None) -> str | None:
    return next((a["name"] for a in aliases or [] if a.get("lang") == "ar"), None)


def list_actors(store: Store, *, include_relations: bool = False) -> list[ActorRow]:
    """Every actor with its party (the root of its hierarchy)."""
    with store.session() as s:
        actors = list(s.scalars(select(Actor).order_by(Actor.id)))
        by_id = {a.id: a for a in actors}
        roots = party_map(actors)
        return [ActorRow(a.id, a.ftm_id or "", a.schema, a.name, _arabic(a.aliases), a.actor_type,
                         by_id[a.parent_id].ftm_id if a.parent_id else None,
                         by_id[roots[a.id]].name, list(a.aliases or []))
                for a in actors if include_relations or a.schema in ACTOR_SCHEMAS]


def party_map(actors: Iterable[Actor]) -> dict[int, int]:
    """actor id -> id of its party (the root of its "is part of" chain)."""
    parent = {a.id: a.parent_id for a in actors}
    out: dict[int, int] = {}
    for aid in parent:
        node, hops = aid, 0
        while parent.get(node) is not None:
            node = parent[node]  # type: ignore[assignment]
            hops += 1
            if hops > len(parent):
                raise HierarchyCycle(f"the actor hierarchy in the store has a cycle through actor id {aid}")
        out[aid] = node
    return out


def export_entities(store: Store) -> list[dict[str, Any]]:
    """The registry as plain FtM entity dicts (relations included), each validated."""
    with store.session() as s:
        actors = list(s.scalars(select(Actor).order_by(Actor.id)))
        by_id = {a.id: a for a in actors}
        out = []
        for a in actors:
            props = {k: list(v) for k, v in (a.properties or {}).items()}
            if a.schema in ACTOR_SCHEMAS:
                props["name"] = [a.name]
            prop = parent_property(a.schema) if a.schema in ACTOR_SCHEMAS else None
            if prop:
                props.pop(prop, None)
                if a.parent_id:
                    props[prop] = [by_id[a.parent_id].ftm_id]
            out.append(validate_entity({"id": a.ftm_id, "schema": a.schema, "properties": props},
                                       f"actor {a.ftm_id!r}"))
        return out


def resolve(store: Store, ref: str) -> Actor:
    """An actor by FtM id, by seed key (without the `hisab-` prefix) or by exact name or alias."""
    with store.session() as s:
        for cand in (ref, "hisab-" + ref):
            row = s.scalar(select(Actor).where(Actor.ftm_id == cand))
            if row is not None:
                s.expunge(row)
                return row
        key = ref.casefold().strip()
        for row in s.scalars(select(Actor)):
            names = [row.name, *(a["name"] for a in row.aliases or [])]
            if any(n.casefold() == key for n in names):
                s.expunge(row)
                return row
    raise UnknownActor(f"no actor {ref!r} in the registry (load it with `hisab actors seed` or `actors import`)")
