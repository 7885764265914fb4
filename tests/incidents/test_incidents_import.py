"""Importing incident files: formats by content, merging by code, geocoding, and one test per bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hisab.errors import ImportRejected
from hisab.incidents.detect import detect_format
from hisab.incidents.errors import UnknownFormat
from hisab.incidents.importer import import_incidents
from hisab.incidents.query import get_incident, incident_stats, list_incidents
from hisab.store.models import Incident


def test_cw_import_geocodes_and_keeps_raw_confidence(placed_store, tmp_path, fx):
    path = fx.write_json(tmp_path / "cw.json", [
        fx.cw_incident("ZAM210813", un_title="Zamalka 21 August 2013"),
        fx.cw_incident("KAT141012", location="ادلب : كفرتخاريم", latitude="36.1166", longitude="36.5151",
                    incident_date="2012-10-13", confidence=0),
        fx.cw_incident("NOWHERE01", location="حلب : مكان لا وجود له"),
        fx.cw_incident("NOLOC0001", location=""),
    ])
    report = import_incidents(placed_store, [path])
    f = report.files[0]
    assert (f.format, f.added) == ("syrianarchive-cw", 4)
    assert f.geocode_counts == {"community": 2, "not_found": 1}
    assert [(x.code, x.status) for x in f.failures] == [("NOWHERE01", "not_found")]
    kat = get_incident(placed_store, "KAT141012")
    assert (kat["pcode"], kat["governorate"], kat["confidence_raw"]) == ("C4157", "Idleb", "0")
    assert kat["external_ids"] == {"syrianarchive": "KAT141012"}
    assert kat["weapons"] == ["chemical"] and kat["violation_types"] == ["unlawful_attacks", "illegal_weapons"]
    assert get_incident(placed_store, "ZAM210813")["external_ids"]["un"] == "Zamalka 21 August 2013"
    assert get_incident(placed_store, "NOWHERE01")["geocode_status"] == "not_found"


def test_two_snapshots_merge_by_code_without_overwriting(placed_store, tmp_path, fx):
    new = fx.write_json(tmp_path / "new.json", [fx.cw_incident("ZAM210813", title_ar="هجوم زملكا")])
    old = fx.write_json(tmp_path / "old.json", [fx.cw_incident("ZAM210813", title_ar="", summary_en="Older text.",
                                                         fr_title="Zamalka - 21 August 2013")])
    report = import_incidents(placed_store, [new, old])
    assert [(f.added, f.merged) for f in report.files] == [(1, 0), (0, 1)]
    inc = get_incident(placed_store, "ZAM210813")
    assert inc["title_ar"] == "هجوم زملكا"
    assert inc["summary_en"] == "A synthetic incident."
    assert inc["conflicts"][0]["field"] == "summary_en" and inc["conflicts"][0]["other"] == "Older text."
    assert inc["external_ids"]["fr"] == "Zamalka - 21 August 2013"
    assert len(inc["sources"]) == 2


def test_same_file_twice_changes_nothing(placed_store, tmp_path, fx):
    path = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("ZAM210813")])
    import_incidents(placed_store, [path])
    again = import_incidents(placed_store, [path]).files[0]
    assert again.already_imported and again.added == again.merged == 0


def test_unit_hashes_attach_to_incidents(placed_store, tmp_path, fx):
    import_incidents(placed_store, [fx.write_json(tmp_path / "cw.json", [fx.cw_incident("ZAM210813")])])
    units = fx.write_json(tmp_path / "units.json", [
        {"incident_code": "ZAM210813", "_sc_id_hash": "a" * 64 + "," + "b" * 64},
        {"incident_code": "GONE", "_sc_id_hash": "c" * 64},
    ])
    f = import_incidents(placed_store, [units]).files[0]
    assert (f.format, f.unit_hashes, f.unknown_codes) == ("syrianarchive-cw-units", 2, ["GONE"])
    assert [m["sc_id_hash"][:1] for m in get_incident(placed_store, "ZAM210813")["media"]] == ["a", "b"]


def test_chemweap_groups_rows_and_extracts_youtube_ids(placed_store, tmp_path):
    header = ("unique_event_ID,location_name,location_name_ar,geo_longitude,geo_latitude,geo_accuracy,date_time,"
              "event_summary,event_summary_ar,type_of_violation,weapons_used,sources,sources_ar,embedded_videos,"
              "youtube_id_video,url_links")
    rows = [
        "CW_1,Zamalka,زملكا,36.358,33.527,APPROXIMATE,08/21/13 12:00 AM,Victims,,Use of illegal weapons,,Office,,"
        "https://files.example.org/cw/%D8%B2%D9%85%D9%84%D9%83%D8%A7-e5Ss14Q0MwY.mp4,,https://www.youtube.com/user/x",
        "CW_1,Zamalka,زملكا,36.358,33.527,APPROXIMATE,08/22/13 12:00 AM,Victims,,Use of illegal weapons,,Office,,"
        "https://files.example.org/cw/T000000116.mp4,,https://www.youtube.com/watch?v=rvJCSJOwZhI",
        "CW_2,Arbin,عربين,36.366,33.539,APPROXIMATE,08/21/13 12:00 AM,,,Use of illegal weapons,,,,"
        "https://files.example.org/cw/T000000150.mp4,,",
    ]
    path = tmp_path / "chemweap.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    f = import_incidents(placed_store, [path]).files[0]
    assert (f.format, f.added) == ("syrianarchive-chemweap", 2)
    cw1 = get_incident(placed_store, "CW_1")
    assert [m["youtube_id"] for m in cw1["media"]] == ["e5Ss14Q0MwY", "rvJCSJOwZhI"]
    assert (str(cw1["date_earliest"]), str(cw1["date_latest"]), cw1["date_precision"]) == (
        "2013-08-21", "2013-08-22", "range")
    assert cw1["pcode"] == "C2320"
    assert get_incident(placed_store, "CW_2")["media"][0]["youtube_id"] is None


def test_who_import_counts_and_massacre_flag(placed_store, tmp_path, fx):
    path = tmp_path / "who.csv"
    path.write_text("\n".join([
        fx.WHO_HEADER,
        fx.who_row("SYR1", deaths="5", injured="2"),
        fx.who_row("SYR2", types="Obstruction to health care delivery (e.g. physical, administrative, legal etc), "
                               "Setting fire", deaths="1", injured="0", certainty="Probable"),
        fx.who_row("UKR1", country="Ukraine", deaths="9"),
    ]) + "\n", encoding="utf-8")
    f = import_incidents(placed_store, [path]).files[0]
    assert (f.format, f.added, f.skipped) == ("who-ssa", 2, {"Ukraine": 1})
    st = incident_stats(placed_store, origin="who-ssa")
    assert (st["incidents"], st["killed_min"], st["injured_min"], st["massacres"]) == (2, 6, 2, 1)
    assert st["by"]["who_attack_type"] == {"heavy_weapons": 1, "obstruction": 1, "setting_fire": 1}
    assert st["by"]["confidence"] == {"Confirmed": 1, "Probable": 1}
    assert [r.massacre for r in list_incidents(placed_store, origin="who-ssa")] == [True, False]


# ------------------------------------------------------------------ one test per bad input


def _count(store) -> int:
    with store.session() as s:
        return len(s.execute(select(Incident.id)).all())


def test_malformed_json_is_refused(placed_store, tmp_path):
    path = tmp_path / "cw.json"
    path.write_text('[{"incident_code": "A", ', encoding="utf-8")
    with pytest.raises(UnknownFormat, match="malformed JSON at line 1"):
        import_incidents(placed_store, [path])


def test_unknown_vocabulary_term_refuses_the_file(placed_store, tmp_path, fx):
    bad = fx.cw_incident("A2", **{"weapons_used.1": "Death ray"})
    path = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("A1"), bad])
    with pytest.raises(ImportRejected, match=r"item 2, column 'weapons_used.1': 'Death ray' is not a known weapon"):
        import_incidents(placed_store, [path])
    assert _count(placed_store) == 0


@pytest.mark.parametrize("bad", ["2013-02-30", "2013-13-01", "2999-01-01", "21 Aug"])
def test_impossible_dates_refuse_the_file(placed_store, tmp_path, bad, fx):
    path = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("A1", incident_date=bad)])
    with pytest.raises(ImportRejected, match="incident_date"):
        import_incidents(placed_store, [path])
    assert _count(placed_store) == 0


def test_coordinates_outside_syria_are_flagged_and_not_used(placed_store, tmp_path, fx):
    path = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("A1", location="", latitude="48.85", longitude="2.35")])
    f = import_incidents(placed_store, [path]).files[0]
    assert f.flags == [("A1", "coordinates 48.85, 2.35 lie outside Syria")]
    assert get_incident(placed_store, "A1")["geocode_status"] == "no_location"


def test_bad_coordinate_text_refuses_the_file(placed_store, tmp_path, fx):
    path = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("A1", latitude="north")])
    with pytest.raises(ImportRejected, match="expected a decimal coordinate"):
        import_incidents(placed_store, [path])


def test_duplicate_code_in_one_file(placed_store, tmp_path, fx):
    path = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("A1"), fx.cw_incident("A1")])
    with pytest.raises(ImportRejected, match="appears twice"):
        import_incidents(placed_store, [path])


def test_unknown_who_label_and_bad_count(placed_store, tmp_path, fx):
    path = tmp_path / "who.csv"
    rows = [fx.WHO_HEADER, fx.who_row("S1", types="Alien invasion"), fx.who_row("S2", deaths="-3")]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_incidents(placed_store, [path])
    assert "Alien invasion" in str(err.value) and "expected a whole number >= 0, found '-3'" in str(err.value)


@pytest.mark.parametrize("content, message", [
    ("", "the file is empty"),
    ('{"foo": 1}', "not the Syrian Archive CW incident database"),
    ("name,date\nx,y\n", "not a recognised incidents file"),
])
def test_unrecognised_files(tmp_path, content, message):
    path = tmp_path / "file.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnknownFormat, match=message):
        detect_format(path)


# ------------------------------------------------------------------ the real files (acceptance)


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    from hisab.incidents.places import load_places
    from hisab.shared import shared_path
    from hisab.store import open_store

    gaz = shared_path("syrianarchive-cw-incidents/sa_locations_pcodes.json")
    if gaz is None:
        pytest.skip("shared data absent")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('real') / 'hisab.db'}")
    load_places(store, gaz, shared_path("syrianarchive-2015/locations.xml"))
    return store


def test_real_cw_acceptance(real_store, shared):
    new = shared("syrianarchive-cw-incidents/cw_incidents_2018-08-21.json")
    old = shared("syrianarchive-cw-incidents/cw_incidents.json")
    units = shared("syrianarchive-cw-incidents/cw_incident_unit_hashes.json")
    report = import_incidents(real_store, [new, old, units])
    f_new, f_old, f_units = report.files
    assert (f_new.added, f_old.added, f_old.merged) == (209, 0, 207)
    with_text = [x for x in f_new.located if x.location_text]
    placed = [x for x in with_text if x.placed and x.governorate_pcode and x.community_pcode]
    assert len(with_text) == 176 and len(placed) / len(with_text) >= 0.95
    with_coords = [x for x in f_new.located if x.distance_km is not None]
    assert len(with_coords) == 59
    assert sum(x.distance_km <= 10 for x in with_coords) / len(with_coords) >= 0.85
    assert all(x.reason for x in f_new.failures)
    assert f_units.unit_hashes > 0 and not f_units.unknown_codes


def test_real_who_acceptance(real_store, shared):
    f = import_incidents(real_store, [shared("who-ssa-health-attacks/who_ssa_2020_2024_syria.csv")]).files[0]
    assert f.added == 186
    st = incident_stats(real_store, origin="who-ssa")
    assert (st["incidents"], st["killed_min"], st["injured_min"]) == (186, 70, 269)
    assert st["by"]["confidence"] == {"Confirmed": 180, "Probable": 6}


def test_real_chemweap(real_store, shared):
    f = import_incidents(real_store, [shared("syrianarchive-2015/chemweap.csv")]).files[0]
    assert f.added == 138  # every unique_event_ID of the sheet is distinct: one video per incident
    media = [m for r in list_incidents(real_store, origin="syrianarchive-chemweap")
             for m in get_incident(real_store, r.code)["media"]]
    assert len(media) == 138 and sum(1 for m in media if m["youtube_id"]) >= 40
    assert Path(media[0]["url"]).suffix == ".mp4"


def test_chemweap_bad_date_refuses_the_file(placed_store, tmp_path):
    path = tmp_path / "chemweap.csv"
    path.write_text("unique_event_ID,location_name,location_name_ar,geo_longitude,geo_latitude,date_time,"
                    "embedded_videos,url_links\nCW_1,Zamalka,زملكا,36.358,33.527,02/30/13 12:00 AM,,\n",
                    encoding="utf-8")
    with pytest.raises(ImportRejected, match="row 2, column 'date_time'"):
        import_incidents(placed_store, [path])
