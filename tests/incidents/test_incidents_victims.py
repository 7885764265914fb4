"""Suggested incident <-> victim-record links from date, place and cause (synthetic records only)."""

from __future__ import annotations

from datetime import date

import pytest

from hisab.incidents.errors import IncidentNotFound
from hisab.incidents.importer import import_incidents
from hisab.incidents.query import get_incident
from hisab.incidents.victims import decide_link, suggest_links
from hisab.store.models import Record, Source, SourceVersion


def _records(store, rows):
    with store.session() as s:
        src = Source(name="synthetic-list")
        s.add(src)
        s.flush()
        ver = SourceVersion(source_id=src.id, version=1, sha256="0" * 64, filename="list.csv", file_size=1,
                            file_format="csv", mapping={})
        s.add(ver)
        s.flush()
        for n, (name, day, precision, place, gov, cause) in enumerate(rows, start=1):
            first = last = day
            if precision == "month":
                first, last = day.replace(day=1), day.replace(day=31)
            s.add(Record(source_id=src.id, source_version_id=ver.id, row_number=n, raw="{}", name=name,
                         date_earliest=first, date_latest=last, date_precision=precision, place=place,
                         governorate=gov, cause=cause))


def test_suggests_by_date_place_and_cause(placed_store, tmp_path, fx):
    import_incidents(placed_store, [fx.write_json(tmp_path / "cw.json", [
        fx.cw_incident("ZAM", location="دمشق : زملكا", incident_date="2013-08-21")])])
    _records(placed_store, [
        ("Synthetic Person A", date(2013, 8, 21), "day", "زملكا", "ريف دمشق", "Chemical and toxic gases"),
        ("Synthetic Person B", date(2013, 8, 22), "day", "Zamalka", None, "Shelling"),
        ("Synthetic Person C", date(2013, 8, 21), "day", "سراقب", "ادلب", "Chemical and toxic gases"),
        ("Synthetic Person D", date(2013, 9, 5), "day", "زملكا", "ريف دمشق", "Chemical and toxic gases"),
        ("Synthetic Person E", date(2013, 8, 1), "month", "عربين", "ريف دمشق", "Chemical and toxic gases"),
    ])
    sugg = {s.record_id: s for s in suggest_links(placed_store)}
    assert set(sugg) == {1, 2}
    assert sugg[1].score == 1.0 and "same community C2320" in sugg[1].reasons
    assert sugg[2].score == pytest.approx(0.7)
    weak = suggest_links(placed_store, min_score=0.4)  # a month-precise date in the same governorate only
    assert [(w.record_id, w.score) for w in weak] == [(5, 0.45)] and "same governorate" in weak[0].reasons
    assert suggest_links(placed_store, min_score=0.4) == []  # already suggested: nothing new
    link_id = get_incident(placed_store, "ZAM")["record_links"][0]["id"]
    decided = decide_link(placed_store, link_id, "confirmed", "reviewer-1")
    assert decided.status == "confirmed" and decided.id != link_id
    statuses = [lk["status"] for lk in get_incident(placed_store, "ZAM")["record_links"]]
    assert statuses.count("suggested") == 3 and statuses.count("confirmed") == 1


def test_unknown_incident_or_link(placed_store):
    with pytest.raises(IncidentNotFound):
        suggest_links(placed_store, incident="NOPE")
    with pytest.raises(IncidentNotFound):
        decide_link(placed_store, 999, "rejected")
