"""Shares with bounds on a hand-built store whose answer is known, and the bad inputs around them."""

from __future__ import annotations

import json
from datetime import date

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hisab.actors import ShareParams, add_attribution, attribute_records, load_seed, replay, shares
from hisab.actors.errors import AttributionError, ConfidenceError, EmptyPeriod, UnknownActor
from hisab.actors.frames import load_frames
from hisab.actors.shares import compute_shares
from hisab.cli.actors import register
from hisab.store.models import Person, Record, Source, SourceVersion


def make_records(store, rows: list[dict], source: str = "synthetic_list", reliability: str | None = None) -> list[int]:
    """Synthetic victims (no real names): each dict sets Record fields; `person` sets person_id."""
    with store.session() as s:
        src = Source(name=source, reliability=reliability)
        s.add(src)
        s.flush()
        ver = SourceVersion(source_id=src.id, version=1, sha256=f"{src.id:064d}", filename="x.csv", file_size=1,
                            file_format="csv", mapping={})
        s.add(ver)
        s.flush()
        ids = []
        for n, row in enumerate(rows, start=1):
            pid = row.pop("person", None)
            if pid is not None and s.get(Person, pid) is None:
                s.add(Person(id=pid))
                s.flush()
            rec = Record(source_id=src.id, source_version_id=ver.id, row_number=n, raw="{}", person_id=pid,
                         name=f"Synthetic Person {n}", **row)
            s.add(rec)
            s.flush()
            ids.append(rec.id)
        return ids


D = date(2015, 6, 1)


@pytest.fixture
def world(sqlite_store):
    """Ten persons: 4 regime alone (one only 'possible'), 1 Russia alone, 1 joint regime-or-Russia,
    1 conflicting (regime vs ISIS), 1 discounted-only, 2 unattributed (one with two records)."""
    load_seed(sqlite_store)
    ids = make_records(sqlite_store, [
        {"person": 1, "date_earliest": D, "governorate": "Aleppo", "status": "civilian", "age_group": "child"},
        {"person": 1, "date_earliest": D, "governorate": "حلب", "status": "civilian"},  # same person, 2 lists
        {"person": 2, "date_earliest": D, "governorate": "Idleb", "status": "civilian", "sex": "female"},
        {"person": 3, "date_earliest": date(2016, 1, 5), "governorate": "Idleb", "status": "combatant"},
        {"date_earliest": date(2016, 2, 5), "governorate": "Homs"},  # person 4: record without person_id
        {"person": 5, "date_earliest": D, "governorate": "Homs"},
        {"person": 6, "date_earliest": D, "governorate": "Hama"},
        {"person": 7, "date_earliest": D, "governorate": "Hama"},
        {"person": 8, "date_earliest": D, "governorate": "Hama"},
        {"person": 9, "date_earliest": D, "governorate": "Dar'a"},
        {"person": 10, "date_earliest": D, "governorate": "Dar'a"},
        {"person": 10, "governorate": "Dar'a"},
    ])
    att = lambda rec, actors, conf: add_attribution(sqlite_store, record_id=ids[rec], actors=actors,  # noqa: E731
                                                    confidence=conf, basis=["witness"])
    att(0, ["sy-4th-div"], "probable")
    att(1, ["sy-air-force"], "confirmed")  # same person, another unit of the same party
    att(2, ["sy-gov"], "probable")
    att(3, ["sy-army"], "confirmed")
    att(4, ["sy-gov"], "possible")
    att(5, ["ru-vks"], "probable")
    att(6, ["sy-gov", "ru-state"], "probable")
    att(7, ["sy-gov"], "probable")
    att(7, ["isis"], "probable")
    att(8, ["isis"], "discounted")
    return sqlite_store, ids


def test_bounds_follow_the_stated_rule(world):
    store, _ = world
    r = shares(store)
    o = r.overall
    assert o.persons == 10 and o.unattributed_n == 3 and o.joint_n == 1 and o.conflicting_n == 1
    gov, ru, isis = o.party("Syrian government forces"), o.party("Russian forces"), o.party("ISIS")
    assert (gov.lower_n, gov.point_n, gov.upper_n) == (3, 4 + 0.5 + 0.5, 4 + 2 + 3)
    assert (ru.lower_n, ru.point_n, ru.upper_n) == (1, 1.5, 1 + 1 + 3)
    assert (isis.lower_n, isis.point_n, isis.upper_n) == (0, 0.5, 0 + 1 + 3)
    assert gov.lower == pytest.approx(0.3) and o.unattributed == pytest.approx(0.3)
    assert sum(p.point for p in o.parties) + o.unattributed == pytest.approx(1.0)
    assert gov.by_threshold == {"confirmed": 2, "probable": 3, "possible": 4}
    assert r.query_id is not None


def test_min_confidence_and_categories(world):
    store, _ = world
    o = shares(store, ShareParams(min_confidence="confirmed")).overall
    gov = o.party("Syrian government forces")
    # only person 1 (confirmed air force) and person 3 (confirmed army) remain sole to the regime
    assert (gov.lower_n, gov.sole_n) == (2, 2)
    assert o.unattributed_n == 8
    r = shares(store)
    cats = {t.label: t for t in r.by_category}
    assert cats["child"].persons == 1 and cats["woman"].persons == 1 and cats["combatant"].persons == 1
    govs = {t.label: t.persons for t in r.by_governorate}
    assert govs["SY02"] == 1 and govs["SY07"] == 2  # "Aleppo" and "حلب" are one governorate, one person
    assert {t.label for t in r.by_month} == {"2015-06", "2016-01", "2016-02"}


def test_period_and_governorate_filters(world):
    store, _ = world
    r = shares(store, ShareParams(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31)))
    assert r.overall.persons == 2
    assert shares(store, ShareParams(governorate="Idleb")).overall.persons == 2
    assert shares(store, ShareParams(governorate="SY07")).overall.persons == 2


def test_empty_period_is_a_clear_error(world):
    store, _ = world
    with pytest.raises(EmptyPeriod, match="no victims in the selection.*from 2030-01-01"):
        shares(store, ShareParams(date_from=date(2030, 1, 1)))
    with pytest.raises(EmptyPeriod):
        shares(store, ShareParams(governorate="Quneitra"))


def test_bad_parameters(world):
    store, _ = world
    with pytest.raises(ConfidenceError, match="--min-confidence"):
        shares(store, ShareParams(min_confidence="sure"))
    with pytest.raises(Exception, match="after"):
        shares(store, ShareParams(date_from=date(2016, 1, 1), date_to=date(2015, 1, 1)))


def test_attribution_bad_inputs(world):
    store, ids = world
    with pytest.raises(UnknownActor, match="'no-such-militia'"):
        add_attribution(store, record_id=ids[0], actors=["no-such-militia"])
    with pytest.raises(AttributionError, match="exactly one"):
        add_attribution(store, record_id=ids[0], incident_id=1, actors=["isis"])
    with pytest.raises(AttributionError, match="exactly one"):
        add_attribution(store, actors=["isis"])
    with pytest.raises(AttributionError, match="role"):
        add_attribution(store, record_id=ids[0], actors=["isis"], role="did it")
    with pytest.raises(AttributionError, match="basis"):
        add_attribution(store, record_id=ids[0], actors=["isis"], basis=["rumour"])
    with pytest.raises(AttributionError, match="claim"):
        add_attribution(store, record_id=ids[0], actors=["isis"], claims=[{"by": "isis", "type": "shrug"}])
    with pytest.raises(AttributionError, match="no record"):
        add_attribution(store, record_id=999_999, actors=["isis"])
    with pytest.raises(AttributionError, match="at least one actor"):
        add_attribution(store, record_id=ids[0], actors=[])
    with pytest.raises(ConfidenceError, match="not on scale 'airwars'"):
        add_attribution(store, record_id=ids[0], actors=["isis"], confidence="certain", scale="airwars")


def test_crosswalk_grades_and_claims(world):
    store, ids = world
    aid = add_attribution(store, record_id=ids[10], actors=["ru-vks"], confidence="Fair", scale="airwars",
                          claims=[{"by": "ru-state", "type": "denies"}], basis=["flight_observation"])
    assert aid > 0
    from hisab.actors.confidence import grade

    assert grade("Reasonable grounds to believe", "un_coi") == "confirmed"
    assert grade("Likely reliable", "huridocs") == "probable"
    assert grade("Possible", "who_ssa") == "possible"
    assert grade(None) == "unknown"
    o = shares(store).overall
    assert o.party("Russian forces").lower_n == 2


def test_replay_reproduces_and_detects_change(world):
    store, ids = world
    r = shares(store)
    again = replay(store, r.query_id)
    assert again.same_inputs and again.same_figures
    add_attribution(store, record_id=ids[9], actors=["isis"], confidence="probable")
    changed = replay(store, r.query_id)
    assert not changed.same_inputs and not changed.same_figures


def test_record_claims_become_attributions_and_conflicts_are_kept(sqlite_store):
    load_seed(sqlite_store)
    make_records(sqlite_store, [
        {"person": 1, "perpetrator": "قوات النظام"},
        {"person": 2, "perpetrator": "Russian or Syrian government forces"},
        {"person": 3, "perpetrator": "غير معروف"}, {"person": 4, "perpetrator": "Martians"},
    ], source="list_a", reliability="Likely reliable")
    make_records(sqlite_store, [{"person": 1, "perpetrator": "ISIS"}], source="list_b")
    res = attribute_records(sqlite_store)
    assert res.created == 3 and res.joint == 1 and res.unknown_label == 1 and res.unmapped == {"Martians": 1}
    assert res.confidence_by_source == {"list_a": "probable", "list_b": "possible"}
    assert attribute_records(sqlite_store).created == 0  # idempotent
    o = shares(sqlite_store).overall
    assert o.conflicting_n == 1 and o.joint_n == 1 and o.unattributed_n == 2
    assert o.party("ISIS").upper_n == 1 + 2 and o.party("ISIS").lower_n == 0


def test_attribution_of_an_incident_reaches_its_victims(sqlite_store):
    from hisab.store.models import Incident

    load_seed(sqlite_store)
    with sqlite_store.session() as s:
        inc = Incident(code="SYN-1")
        s.add(inc)
        s.flush()
        inc_id = inc.id
    make_records(sqlite_store, [{"person": 1, "incident_id": inc_id}, {"person": 2, "incident_id": inc_id}])
    add_attribution(sqlite_store, incident_id=inc_id, actors=["ru-vks"], confidence="confirmed")
    assert shares(sqlite_store).overall.party("Russian forces").lower_n == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from(["sy-gov", "ru-state", "isis", "coalition"]),
                          st.sampled_from(["confirmed", "probable", "possible", "contested", "discounted"])),
                max_size=20))
def test_bounds_are_ordered_and_points_sum_to_one(tmp_path_factory, claims):
    from hisab.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('prop')}/h.db")
    load_seed(store)
    ids = make_records(store, [{"person": p} for p in range(1, 9)])
    for rec, actor, conf in claims:
        add_attribution(store, record_id=ids[rec], actors=[actor], confidence=conf)
    o = compute_shares(load_frames(store), ShareParams()).overall
    assert sum(p.point for p in o.parties) + o.unattributed == pytest.approx(1.0)
    for p in o.parties:
        assert p.lower <= p.point <= p.upper <= 1.0
        assert p.upper >= o.unattributed


def test_cli_shares_json_and_replay(world, tmp_path):
    store, _ = world
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(app, ["stats", "shares", "--db", store.url, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["overall"]["unattributed_n"] == 3
    res = runner.invoke(app, ["stats", "replay", str(data["query_id"]), "--db", store.url])
    assert res.exit_code == 0 and "unchanged" in res.stdout
    res = runner.invoke(app, ["stats", "shares", "--db", store.url])
    assert res.exit_code == 0 and "unattributed" in res.stdout
    from hisab.cli import HisabGroup

    top = typer.Typer(cls=HisabGroup)
    register(top)
    res = runner.invoke(top, ["stats", "shares", "--db", store.url, "--from", "2031-01-01"])
    assert res.exit_code == 2 and "no victims in the selection" in res.stderr
    res = runner.invoke(top, ["stats", "shares", "--db", store.url, "--from", "June"])
    assert res.exit_code == 2 and "--from must be a date" in res.stderr
