"""Sieges: validation of the definition, events, and automatic linking of incidents inside them."""

from __future__ import annotations

import pytest

from hisab.incidents.errors import SiegeError
from hisab.incidents.importer import import_incidents
from hisab.incidents.query import get_incident
from hisab.incidents.sieges import SiegeSpec, create_siege, list_sieges, record_siege_event

GHOUTA = SiegeSpec("GHOUTA", ("C2320", "C2321", "C2338"), "2013-04", "2018-04", "government forces",
                   "Eastern Ghouta", "الغوطة الشرقية", 400000, "OCHA 2017 estimate (synthetic test value)")


def test_incident_inside_area_and_period_is_linked(placed_store, tmp_path, fx):
    path = fx.write_json(tmp_path / "cw.json", [
        fx.cw_incident("IN", location="دمشق : زملكا", incident_date="2013-08-21"),
        fx.cw_incident("BEFORE", location="دمشق : زملكا", incident_date="2012-12-01"),
        fx.cw_incident("ELSEWHERE", location="ادلب : سراقب", incident_date="2014-01-01"),
    ])
    import_incidents(placed_store, [path])
    created = create_siege(placed_store, GHOUTA)
    assert created["incidents_linked"] == 1 and created["start_precision"] == "month"
    assert get_incident(placed_store, "IN")["sieges"] == ["GHOUTA"]
    assert get_incident(placed_store, "BEFORE")["sieges"] == []
    later_incident = fx.cw_incident("LATER", location="Arbin", incident_date="2017-03-02")
    later = fx.write_json(tmp_path / "later.json", [later_incident])
    assert import_incidents(placed_store, [later]).sieges_linked == 1
    (row,) = list_sieges(placed_store)
    assert sorted(row["incidents"]) == ["IN", "LATER"]


def test_siege_events(placed_store):
    create_siege(placed_store, GHOUTA)
    ev = record_siege_event(placed_store, "GHOUTA", "aid_blocked", "2017-11", description="convoy turned back")
    assert (ev["date_precision"], str(ev["date_earliest"]), str(ev["date_latest"])) == ("month", "2017-11-01",
                                                                                         "2017-11-30")
    record_siege_event(placed_store, "GHOUTA", "starvation_deaths", "2017-10-22", count=1)
    assert [e["kind"] for e in list_sieges(placed_store)[0]["events"]] == ["aid_blocked", "starvation_deaths"]


@pytest.mark.parametrize("spec, message", [
    (SiegeSpec("X", (), "2013"), "at least one P-code"),
    (SiegeSpec("X", ("C9999",), "2013"), "not in the gazetteer"),
    (SiegeSpec("X", ("C2320",), "2015-01-01", "2014-12-31"), "ends .* before it starts"),
    (SiegeSpec("X", ("C2320",), "2013-02-30"), "does not exist"),
    (SiegeSpec("X", ("C2320",), "2013", population_estimate=-5), "population"),
])
def test_bad_sieges(placed_store, spec, message):
    with pytest.raises(SiegeError, match=message):
        create_siege(placed_store, spec)


def test_bad_event_kind_and_unknown_siege(placed_store):
    create_siege(placed_store, GHOUTA)
    with pytest.raises(SiegeError, match="event kind 'party'"):
        record_siege_event(placed_store, "GHOUTA", "party", "2014")
    with pytest.raises(SiegeError, match="no siege with code 'NOPE'"):
        record_siege_event(placed_store, "NOPE", "evacuation", "2014")
    with pytest.raises(SiegeError, match="already exists"):
        create_siege(placed_store, GHOUTA)
