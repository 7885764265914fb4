"""Controlled vocabularies: bilingual lookup, no silent growth, WHO labels with commas, user extensions."""

from __future__ import annotations

import pytest

from hisab.incidents.errors import UnknownTerm, VocabularyError
from hisab.incidents.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return Taxonomy.load()


def test_terms_match_in_both_languages_and_aliases(taxonomy):
    v = taxonomy["violation_types"]
    assert v.match("Unlawful attacks").id == v.match("الهجمات غير المشروعة").id == "unlawful_attacks"
    assert v.match("Sieges_and_violations_of_economic_social_and_cultural_rights").id == "sieges_escr"
    assert taxonomy["weapons"].match("Chlorine Gas").name_ar == "غاز الكلور"
    assert taxonomy["media_types"].match("Raw video").id == "raw_video"
    assert len(v.terms) == 14 and len(taxonomy["media_types"].terms) == 12


def test_unknown_term_is_an_error(taxonomy):
    with pytest.raises(UnknownTerm, match="'Death ray' is not a known weapons term"):
        taxonomy["weapons"].require("Death ray", "file.json, item 3")


def test_who_labels_with_commas_are_matched_whole(taxonomy):
    cell = (" Armed or violent search of health care personnel, facility or transport, Obstruction to health care "
            "delivery (e.g. physical, administrative, legal etc), Violence with individual weapons (knives, bricks,"
            " clubs, guns, grenades and improvised explosive devices (IED)")
    ids = [t.id for t in taxonomy["who_attack_types"].split_labels(cell)]
    assert ids == ["armed_search", "obstruction", "individual_weapons"]


def test_who_unknown_label_is_an_error(taxonomy):
    with pytest.raises(UnknownTerm, match="never split on commas"):
        taxonomy["who_attack_types"].split_labels("Setting fire, Alien invasion, of sorts")


def test_user_vocabulary_extends_without_replacing(tmp_path):
    (tmp_path / "weapons.csv").write_text("id,name_en,name_ar,aliases,origin\n"
                                          "thermobaric,Thermobaric bomb,قنبلة فراغية,Vacuum bomb,user\n",
                                          encoding="utf-8")
    t = Taxonomy.load(tmp_path)
    assert t["weapons"].match("Vacuum bomb").id == "thermobaric"
    assert t["weapons"].match("Sarin").id == "sarin"


def test_malformed_user_vocabulary(tmp_path):
    (tmp_path / "weapons.csv").write_text("code,label\nx,y\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="missing column"):
        Taxonomy.load(tmp_path)
    (tmp_path / "weapons.csv").write_text("id,name_en,name_ar\n,Nameless,\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="line 2"):
        Taxonomy.load(tmp_path)
    with pytest.raises(VocabularyError, match="not a folder"):
        Taxonomy.load(tmp_path / "missing")


def test_who_full_export_parses(shared, taxonomy):
    import csv

    with open(shared("who-ssa-health-attacks/who_ssa_2020_2024_all.csv"), encoding="utf-8") as fh:
        cells = [row["Attack Type"] for row in csv.DictReader(fh)]
    parsed = [taxonomy["who_attack_types"].split_labels(c) for c in cells]
    assert len(parsed) == 6030 and all(parsed)


def test_any_joined_labels_split_back(taxonomy):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    vocab = taxonomy["who_attack_types"]
    ids = sorted(vocab.terms)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(ids), min_size=1, max_size=6, unique=True))
    def check(chosen):
        cell = " " + ", ".join(vocab.terms[i].name_en for i in chosen)
        assert [t.id for t in vocab.split_labels(cell)] == chosen

    check()
