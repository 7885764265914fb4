"""The actor registry: seed data, FtM validation, JSON-lines round trip, hierarchy and its cycles."""

from __future__ import annotations

import json

import pytest
from followthemoney import model

from hisab.actors import export_entities, list_actors, load_entities, load_seed, read_jsonl, write_jsonl
from hisab.actors.errors import ActorError, HierarchyCycle, RegistryFileError, UnknownActor
from hisab.actors.registry import find_cycle
from hisab.store.models import Actor


def test_seed_loads_with_hierarchy_and_aliases(sqlite_store):
    r = load_seed(sqlite_store)
    assert r.created >= 25 and r.relations == 4
    rows = {a.ftm_id: a for a in list_actors(sqlite_store)}
    div = rows["hisab-sy-4th-div"]
    assert div.parent == "hisab-sy-army" and div.party == "Syrian government forces"
    assert rows["hisab-ru-kuznetsov"].party == "Russian forces"
    langs = {a["lang"] for a in rows["hisab-isis"].aliases}
    assert {"ar", "ru", "en"} <= langs
    assert rows["hisab-sy-army"].name_ar == "الجيش العربي السوري"
    assert load_seed(sqlite_store).created == 0  # a second load updates, never duplicates


def test_ftm_export_validates_with_followthemoney(sqlite_store, tmp_path):
    load_seed(sqlite_store)
    out = tmp_path / "actors.ftm.json"
    n = write_jsonl(export_entities(sqlite_store), out)
    lines = out.read_text("utf-8").splitlines()
    assert n == len(lines) >= 29
    schemas = set()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data)  # the library's own parser
        proxy.schema.validate(data)
        assert all(proxy.get(p) for p in proxy.schema.required)
        schemas.add(proxy.schema.name)
    assert {"PublicBody", "Organization", "Person", "Vessel", "Membership", "Directorship"} <= schemas
    army = next(json.loads(x) for x in lines if '"hisab-sy-4th-div"' in x.split(",")[0])
    assert army["properties"]["parent"] == ["hisab-sy-army"]


def test_jsonl_round_trip_and_aircraft_by_tail_number(sqlite_store, tmp_path):
    load_seed(sqlite_store)
    plane = {"id": "test-plane", "schema": "Airplane",
             "properties": {"name": ["Synthetic test aircraft"], "registrationNumber": ["TEST-0001"],
                            "operator": ["hisab-sy-air-force"]}}
    company = {"id": "test-co", "schema": "Company", "properties": {"name": ["Synthetic Services LLC"]}}
    own = {"id": "test-own", "schema": "Ownership",
           "properties": {"owner": ["test-co"], "asset": ["test-plane"], "percentage": ["100"]}}
    path = tmp_path / "in.ftm.json"
    path.write_text("\n".join(json.dumps(e) for e in (plane, company, own)) + "\n", "utf-8")
    r = load_entities(sqlite_store, read_jsonl(path), "test")
    assert (r.created, r.relations) == (3, 1)
    rows = {a.ftm_id: a for a in list_actors(sqlite_store)}
    assert rows["test-plane"].party == "Syrian government forces"
    again = tmp_path / "again.ftm.json"
    write_jsonl(export_entities(sqlite_store), again)
    ids = {json.loads(x)["id"] for x in again.read_text("utf-8").splitlines()}
    assert {"test-plane", "test-co", "test-own"} <= ids


def _unit(eid: str, parent: str | None) -> dict:
    props = {"name": [eid]}
    if parent:
        props["parent"] = [parent]
    return {"id": eid, "schema": "Organization", "properties": props}


def test_cycle_in_hierarchy_is_refused_and_nothing_written(sqlite_store):
    with pytest.raises(HierarchyCycle, match="cycle: a -> c -> b -> a"):
        load_entities(sqlite_store, [_unit("a", "c"), _unit("b", "a"), _unit("c", "b")], "test")
    with sqlite_store.session() as s:
        assert s.query(Actor).count() == 0


def test_cycle_through_existing_actors_is_refused(sqlite_store):
    load_entities(sqlite_store, [_unit("a", None), _unit("b", "a")], "test")
    with pytest.raises(HierarchyCycle):
        load_entities(sqlite_store, [_unit("a", "b")], "test")
    assert {a.ftm_id: a.parent for a in list_actors(sqlite_store)}["a"] is None


def test_self_parent_is_a_cycle():
    assert find_cycle({"x": "x"}) == ["x", "x"]
    assert find_cycle({"x": "y", "y": None}) is None


def test_unknown_parent_and_relation_end(sqlite_store):
    with pytest.raises(UnknownActor, match="'ghost'"):
        load_entities(sqlite_store, [_unit("a", "ghost")], "test")
    rel = {"id": "m", "schema": "Membership", "properties": {"member": ["nobody"], "organization": ["a"]}}
    with pytest.raises(UnknownActor, match="nobody"):
        load_entities(sqlite_store, [_unit("a", None), rel], "test")


@pytest.mark.parametrize("line, message", [
    ('{"id": "x", "schema": "Banana", "properties": {"name": ["x"]}}', "schema must be one of"),
    ('{"id": "x", "schema": "Organization", "properties": {"colour": ["red"]}}', "no property colour"),
    ('{"id": "x", "schema": "Organization", "properties": {}}', "requires name"),
    ('{"id": "x", "schema": "Organization", "properties": {"name": "x"}}', "lists of values"),
    ('{"schema": "Organization", "properties": {"name": ["x"]}}', "has no id"),
    ('not json', "not JSON"),
])
def test_bad_ftm_lines_are_reported_with_line_numbers(tmp_path, line, message):
    path = tmp_path / "bad.json"
    path.write_text('{"id": "ok", "schema": "Organization", "properties": {"name": ["ok"]}}\n' + line + "\n")
    with pytest.raises(ActorError, match=message) as exc:
        read_jsonl(path)
    assert "line 2" in str(exc.value)


def test_missing_file_and_bad_seed(tmp_path):
    with pytest.raises(RegistryFileError):
        read_jsonl(tmp_path / "absent.json")
    bad = tmp_path / "seed.yaml"
    bad.write_text("actors:\n  - {key: a, schema: Organization, name: A, parent: zz}\n")
    with pytest.raises(UnknownActor, match="zz"):
        load_seed_path(bad)


def load_seed_path(path):
    from hisab.actors import seed_entities

    return seed_entities(path)
