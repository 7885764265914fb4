"""Geocoding against a small synthetic gazetteer, and against the real one where the shared data is present."""

from __future__ import annotations

import pytest

from hisab.incidents.errors import GazetteerError
from hisab.incidents.gazetteer import read_sa_gazetteer
from hisab.incidents.geocode import PlaceIndex
from hisab.incidents.places import find_place, index_from_store


@pytest.fixture
def index(gazetteer_file):
    return PlaceIndex(read_sa_gazetteer(gazetteer_file))


def test_hierarchy_is_derived(gazetteer_file):
    entries = {e.key: e for e in read_sa_gazetteer(gazetteer_file)}
    kafr_naha = entries["C1034"]
    assert kafr_naha.governorate_pcode == "SY02"
    sub = entries[kafr_naha.parent_key]
    assert (sub.kind, sub.name_en, sub.name_ar) == ("subdistrict", "Atareb", "الأتارب")
    district = entries[sub.parent_key]
    assert (district.kind, district.name_en, district.parent_key) == ("district", "Jebel Saman", "SY02")
    assert entries["SY02"].kind == "governorate"


def test_neighbourhood_is_tied_to_its_community(gazetteer_file):
    jobar = next(e for e in read_sa_gazetteer(gazetteer_file) if e.name_en == "Jobar")
    assert (jobar.kind, jobar.governorate_pcode, jobar.community_pcode) == ("neighbourhood", "SY01", "C1001")


@pytest.mark.parametrize("text", ["Kafr Naha", "كفرناها", "كفر ناها", "Aleppo : Kafr Naha", "حلب : كفر ناها",
                                  "Kfar Naha", "Kafr Nahah"])
def test_finds_kafr_naha(index, text):
    result = index.find(text)
    assert result.best is not None and result.best.pcode == "C1034"


def test_context_resolves_a_shared_name(index):
    assert index.find("دوما").ambiguous
    assert index.find("Douma, Rif Dimashq").best.pcode == "C2338"
    assert index.find("دوما، حماة").best.pcode == "C3076"


def test_ambiguity_is_reported_not_resolved(index):
    result = index.find("دوما")
    assert result.ambiguous and result.best is None
    assert {c.pcode for c in result.candidates[:2]} == {"C2338", "C3076"}
    assert "share the best score" in result.reason


def test_recorded_full_form_wins(index):
    assert index.find("ادلب : كفرتخاريم").best.pcode == "C4157"
    assert index.find("دمشق : جوبر").best.community_pcode == "C1001"


def test_unknown_and_empty(index):
    assert index.find("Qwertyuiop").candidates == ()
    assert index.find("  ").reason == "empty place text"


def test_bad_gazetteer_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(GazetteerError, match="not valid JSON"):
        read_sa_gazetteer(bad)
    bad.write_text('[{"id": 1}]', encoding="utf-8")
    with pytest.raises(GazetteerError, match="lacks field"):
        read_sa_gazetteer(bad)
    bad.write_text('[{"id": 1, "search_name_en": "X - Y - Nowhere", "search_name_ar": "", '
                   '"closest_geonames_post_code": "C1", "lat": 1, "lon": 1}]', encoding="utf-8")
    with pytest.raises(GazetteerError, match="district 'Nowhere'"):
        read_sa_gazetteer(bad)


def test_find_place_needs_a_loaded_gazetteer(store, placed_store):
    assert find_place("Saraqeb", store=placed_store).best.pcode == "C3916"


def test_find_place_on_empty_store(store):
    with pytest.raises(GazetteerError, match="hisab places load"):
        find_place("Saraqab", store=store)


def test_store_round_trip_keeps_the_index(placed_store):
    index = index_from_store(placed_store)
    assert index.find("Aleppo : Kafr Naha").best.pcode == "C1034"




def test_real_gazetteer_examples(shared):
    index = PlaceIndex(read_sa_gazetteer(shared("syrianarchive-cw-incidents/sa_locations_pcodes.json")))
    assert len([e for e in index.entries if e.kind == "community"]) == 5622
    assert index.find("Aleppo : Kafr Naha").best.pcode == "C1034"
    assert index.find("كفرناها").best.pcode == "C1034"
    assert index.find("Douma, Rif Dimashq").best.pcode == "C2338"
    assert index.find("Tal Tawil").ambiguous
