"""Actors as FollowTheMoney entities: build them from the seed file, validate them, read and write JSON lines.

FtM is the vocabulary sanctions lists and investigative tools already speak (OpenSanctions, Aleph), so an
actor registry exported here can be loaded into those tools and a sanctions entity can become an actor.
Validation uses the `followthemoney` library's own schema checks plus its required properties.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model
from followthemoney.exc import InvalidData

from hisab.actors.errors import ActorError, RegistryFileError

ACTOR_SCHEMAS = ("Person", "Organization", "Company", "PublicBody", "LegalEntity", "Vessel", "Airplane")
RELATION_SCHEMAS = ("Membership", "Ownership", "Directorship")
PREFIX = "hisab-"
# the property that points from a thing to what it is part of (or operated by)
PARENT_PROPERTY = {"Vessel": "operator", "Airplane": "operator"}


def parent_property(schema: str) -> str | None:
    if schema in PARENT_PROPERTY:
        return PARENT_PROPERTY[schema]
    return "parent" if model.get(schema) and "parent" in model.get(schema).properties else None


def validate_entity(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Check one FtM entity dict with the library: known schema, valid values, required properties present."""
    schema_name = data.get("schema")
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None or schema.name not in ACTOR_SCHEMAS + RELATION_SCHEMAS:
        raise ActorError(f"{where}: schema must be one of {', '.join(ACTOR_SCHEMAS + RELATION_SCHEMAS)}; "
                         f"got {schema_name!r}")
    if not data.get("id"):
        raise ActorError(f"{where}: entity has no id")
    props = data.get("properties") or {}
    if not isinstance(props, dict) or any(not isinstance(v, list) for v in props.values()):
        raise ActorError(f"{where}: properties must map names to lists of values; got {props!r}")
    unknown = sorted(p for p in props if p not in schema.properties)
    if unknown:
        raise ActorError(f"{where}: {schema.name} has no propert{'y' if len(unknown) == 1 else 'ies'} "
                         f"{', '.join(unknown)}")
    try:
        schema.validate({"properties": props})
    except InvalidData as exc:
        raise ActorError(f"{where}: FtM validation failed: {exc.errors}") from None
    missing = sorted(p for p in schema.required if not props.get(p))
    if missing:
        raise ActorError(f"{where}: {schema.name} requires {', '.join(missing)}")
    return data


def _aliases(spec: dict[str, Any]) -> list[dict[str, str]]:
    raw = spec.get("aliases") or {}
    if not isinstance(raw, dict):
        raise ActorError(f"seed actor {spec.get('key')!r}: aliases must map a language (ar, ru, en) to names")
    return [{"lang": lang, "name": str(n)} for lang, names in raw.items() for n in names or []]


def seed_entities(path: str | Path | None = None) -> tuple[list[dict[str, Any]], str]:
    """The seed registry as validated FtM entity dicts, plus its origin note."""
    text = (Path(path).read_text("utf-8") if path else
            (resources.files("hisab") / "data" / "actors" / "seed.yaml").read_text("utf-8"))
    where = str(path or "seed.yaml")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryFileError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise RegistryFileError(f"{where}: expected a mapping with an 'actors' list")
    out = []
    keys = {a.get("key") for a in doc["actors"] if isinstance(a, dict)}
    for n, spec in enumerate(doc["actors"], start=1):
        if not isinstance(spec, dict) or not spec.get("key") or not spec.get("name") or not spec.get("schema"):
            raise ActorError(f"{where}: actor #{n} needs key, schema and name; got {spec!r}")
        props: dict[str, list[str]] = {k: [str(x) for x in v] for k, v in (spec.get("properties") or {}).items()}
        props["name"] = [str(spec["name"])]
        aliases = _aliases(spec)
        if aliases:
            props["alias"] = [a["name"] for a in aliases]
        if spec.get("parent"):
            if spec["parent"] not in keys:
                from hisab.actors.errors import UnknownActor

                raise UnknownActor(f"{where}: actor {spec['key']!r} has parent {spec['parent']!r}, "
                                   "which is not in the file")
            prop = parent_property(spec["schema"])
            if prop is None:
                raise ActorError(f"{where}: a {spec['schema']} cannot have a parent (actor {spec['key']!r})")
            props[prop] = [PREFIX + spec["parent"]]
        entity = {"id": PREFIX + spec["key"], "schema": spec["schema"], "properties": props,
                  "hisab": {"actor_type": spec.get("actor_type"), "aliases": aliases}}
        out.append(validate_entity(entity, f"{where}: actor {spec['key']!r}"))
    for n, rel in enumerate(doc.get("relations") or [], start=1):
        schema = rel.get("schema")
        ends = {k: v for k, v in rel.items() if k != "schema"}
        props = {}
        for k, v in ends.items():
            if k in ("role", "status", "startDate", "endDate", "percentage"):
                props[k] = [str(v)]
            else:
                if v not in keys:
                    from hisab.actors.errors import UnknownActor

                    raise UnknownActor(f"{where}: relation #{n} ({schema}) names unknown actor {v!r}")
                props[k] = [PREFIX + v]
        rid = PREFIX + "rel-" + "-".join([str(schema).lower(), *(str(v) for k, v in sorted(ends.items())
                                                                  if k not in ("role",))])
        out.append(validate_entity({"id": rid, "schema": schema, "properties": props}, f"{where}: relation #{n}"))
    return out, str(doc.get("origin") or where)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """FtM entities from a JSON-lines file; every line is validated and all problems reported at once."""
    p = Path(path)
    if not p.is_file():
        raise RegistryFileError(f"{p}: no such file")
    out, problems = [], []
    for n, line in enumerate(p.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ActorError(f"{p}, line {n}: expected a JSON object")
            out.append(validate_entity(data, f"{p}, line {n}"))
        except json.JSONDecodeError as exc:
            problems.append(f"{p}, line {n}: not JSON ({exc.msg})")
        except ActorError as exc:
            problems.append(str(exc))
    if problems:
        raise ActorError(f"{len(problems)} bad entit{'y' if len(problems) == 1 else 'ies'}; nothing imported:\n  "
                         + "\n  ".join(problems[:20]))
    return out


def write_jsonl(entities: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write plain FtM entities (id, schema, properties) one per line; returns how many."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for e in entities:
            fh.write(json.dumps({"id": e["id"], "schema": e["schema"], "properties": e["properties"]},
                                ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def iter_proxies(entities: Iterable[dict[str, Any]]) -> Iterator[Any]:
    """The entities as `followthemoney` EntityProxy objects (for callers who want the library's API)."""
    for e in entities:
        yield model.get_proxy({"id": e["id"], "schema": e["schema"], "properties": e["properties"]})
