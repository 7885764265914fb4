"""The store migrates on SQLite and PostgreSQL and holds every core entity with its relations."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select

from hisab.errors import StoreError
from hisab.store import Sensitivity, open_store
from hisab.store.models import (
    Actor,
    Attribution,
    CustodyEvent,
    Estimate,
    EvidenceItem,
    FieldSensitivity,
    Incident,
    MatchDecision,
    Person,
    Place,
    Record,
    Source,
    SourceVersion,
)
from hisab.store.sensitivity import column_levels, parse_sensitivity

CORE_TABLES = {"source", "source_version", "record", "person", "match_decision", "incident", "place", "actor",
               "attribution", "attribution_actor", "evidence_item", "custody_event", "estimate", "link_run",
               "field_sensitivity"}


def test_migration_creates_every_core_table(store):
    assert CORE_TABLES <= set(inspect(store.engine).get_table_names())
    assert store.current_revision() == store.head_revision()


def test_every_migration_goes_down_to_base_and_back(store):
    from alembic import command

    from hisab.store.engine import alembic_config

    cfg = alembic_config(store.url)
    command.downgrade(cfg, "base")
    assert not CORE_TABLES & set(inspect(store.engine).get_table_names())
    command.upgrade(cfg, "head")
    assert CORE_TABLES <= set(inspect(store.engine).get_table_names())
    assert store.current_revision() == store.head_revision()


def test_reopening_is_a_no_op(store_url):
    first = open_store(store_url)
    revision = first.current_revision()
    first.dispose()
    second = open_store(store_url)
    assert second.current_revision() == revision
    second.dispose()


def test_entities_and_relations_round_trip(store):
    with store.session() as s:
        source = Source(name="list-a")
        version = SourceVersion(source=source, version=1, sha256="0" * 64, filename="a.csv", file_size=10,
                                file_format="csv", mapping={"columns": {}})
        s.add_all([source, version])
        s.flush()
        person = Person()
        governorate = Place(pcode="SY07", name_en="Idleb", name_ar="إدلب", admin_level=1)
        town = Place(pcode="C4000", name_en="Saraqab", name_ar="سراقب", admin_level=4, parent=governorate)
        incident = Incident(code="INC-1", date_earliest=date(2017, 4, 4), date_latest=date(2017, 4, 4),
                            date_precision="day", place=town, killed_min=80, killed_max=92,
                            violation_types=["chemical weapons"])
        records = [Record(source_id=source.id, source_version_id=version.id, row_number=i, raw="{}",
                          name_ar="اسم مركب", person=person) for i in (1, 2)]
        state = Actor(schema="PublicBody", name="State")
        force = Actor(schema="Organization", name="Air force", parent=state)
        s.add_all([person, governorate, town, incident, *records, state, force])
        s.flush()
        s.add(Attribution(incident_id=incident.id, actors=[force, state], role="carried_out", confidence="likely"))
        s.add(MatchDecision(record_a_id=records[0].id, record_b_id=records[1].id, decision="same"))
        item = EvidenceItem(sha256="a" * 64, size=3, incident_id=incident.id)
        s.add(item)
        s.flush()
        s.add(CustodyEvent(seq=1, evidence_id=item.id, action="intake", event_hash="b" * 64))
        s.add(Estimate(method="lcmcr", estimate=10.0, lower=8.0, upper=14.0, params={"seed": 1}))
    with store.session() as s:
        person = s.scalars(select(Person)).one()
        assert len(person.records) == 2
        attribution = s.scalars(select(Attribution)).one()
        assert {a.name for a in attribution.actors} == {"Air force", "State"}
        assert s.scalars(select(Actor).where(Actor.name == "Air force")).one().parent.name == "State"
        assert s.scalars(select(Place).where(Place.pcode == "C4000")).one().parent.pcode == "SY07"
        assert s.scalar(select(func.count()).select_from(CustodyEvent)) == 1
        assert s.scalars(select(Estimate)).one().params == {"seed": 1}


def test_every_source_and_record_field_has_a_sensitivity():
    for model in (Source, SourceVersion, Record):
        for column in model.__table__.columns:
            assert "sensitivity" in column.info, f"{model.__name__}.{column.key} has no sensitivity"
    levels = column_levels(Record)
    assert levels["witness_contact"] == Sensitivity.PROTECTED
    assert levels["raw"] == Sensitivity.PROTECTED
    assert levels["name_ar"] == Sensitivity.RESTRICTED
    assert levels["sex"] == Sensitivity.PUBLIC
    assert column_levels(Source)["contact"] == Sensitivity.PROTECTED
    assert FieldSensitivity.__tablename__ == "field_sensitivity"


def test_unknown_sensitivity_is_refused():
    with pytest.raises(ValueError, match="expected one of public, restricted, protected"):
        parse_sensitivity("secret")


def test_bad_database_url_is_a_user_error():
    with pytest.raises(StoreError, match="cannot use database URL"):
        open_store("notadriver://x")


def test_unreachable_database_is_a_user_error():
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
