"""Readers: each list format into ListEntity, and every bad input refused with a clear message."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from hisab.screen import ScreenInputError, read_list
from hisab.screen.readers.common import decode_text, parse_date

FIX = Path(str(resources.files("hisab") / "data" / "screen" / "fixtures"))


def by_id(data):
    return {e.list_id: e for e in data.entities}


def test_ofac_fixture_with_companions():
    data = read_list("ofac-sdn", FIX / "ofac_sdn_sample.csv")
    ents = by_id(data)
    karam = ents["9001"]
    assert karam.schema == "Person"
    assert karam.names == ["Karam TESTAWI", "Kareem TESTAWI"]  # alt.csv alias joined
    assert karam.weak_aliases == ["ABU KARAM"]
    assert karam.birth_dates == ["1970-03-04"]
    assert karam.nationalities == ["sy"] and karam.gender == "male"
    assert karam.identifiers == ["N0000001"]
    assert karam.programs == ["SYRIA"]
    assert ents["9002"].schema == "LegalEntity"
    assert ents["9002"].addresses == ["Damascus, Syria"] and ents["9002"].countries == ["sy"]
    assert "SECOND INVENTED PARTY" in ents["9002"].remarks[0]  # sdn_comments overflow appended
    assert len(data.sha256) == 64


def test_ofac_shared_sdn(shared):
    path = shared("sanctions/ofac_sdn_2021.csv")
    ents = by_id(read_list("ofac-sdn", path))
    assert len(ents) > 8900
    bashar = ents["12735"]
    assert "Bashar AL-ASAD" in bashar.names and bashar.birth_dates == ["1965-09-11"]
    evro = ents["23564"]
    assert "EVRO POLIS, OOO" in evro.names and evro.programs == ["UKRAINE-EO13661"]


def test_un_keeps_original_script_and_quality():
    ents = by_id(read_list("un-sc", FIX / "un_sc_sample.xml"))
    karam = ents["QDi.901"]
    assert karam.original_script == ["كرم التستاوي"]
    assert karam.names == ["KARAM TESTAWI", "Kareem al-Testawi"] and karam.weak_aliases == ["Abu Karam"]
    assert karam.nationalities == ["sy"] and karam.birth_dates == ["1970-03-04"]
    assert ents["QDi.902"].birth_dates == ["1975", "1976", "1977"]
    assert ents["QDe.903"].schema == "Organization" and ents["QDe.903"].original_script == ["جبهة الاختبار"]


def test_un_shared(shared):
    data = read_list("un-sc", shared("sanctions/un_sc_consolidated_2026-02-27.xml"))
    assert len(data.entities) == 1003 and data.generated.startswith("2026-02-27")
    assert sum(bool(e.original_script) for e in data.entities) >= 370


@pytest.mark.parametrize("kind,name", [("eu-fsf", "eu_fsf_sample.xml"), ("uk-sl", "uk_sl_sample.csv"),
                                       ("ftm", "ftm_sample.json")])
def test_other_formats(kind, name):
    data = read_list(kind, FIX / name)
    assert len(data.entities) == 2
    person = next(e for e in data.entities if e.schema == "Person")
    assert any("Testawi" in n or "TESTAWI" in n for n in person.names)
    assert person.original_script == ["كرم التستاوي"]
    assert person.weak_aliases and person.birth_dates == ["1970-03-04"] and person.nationalities == ["sy"]
    assert "N0000001" in person.identifiers


def test_us_csl_shared(shared):
    data = read_list("us-csl", shared("sanctions/us_csl_sample.csv"))
    assert len(data.entities) == 115
    assert by_id(data)["20264"].names == ["200G PSA HOLDINGS LLC"]


def test_ftm_round_trip():
    data = read_list("ftm", FIX / "ftm_sample.json")
    ent = data.entities[0]
    again = type(ent).from_ftm("ftm", ent.list_id, ent.to_ftm())
    assert again.matchable == ent.matchable and again.digest() == ent.digest()


# ------------------------------------------------------------------------------------------ bad input
def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_unknown_kind():
    with pytest.raises(ScreenInputError, match="unknown list kind"):
        read_list("bogus", FIX / "ofac_sdn_sample.csv")


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(ScreenInputError, match="no such list file"):
        read_list("un-sc", tmp_path / "nope.xml")
    with pytest.raises(ScreenInputError, match="empty"):
        read_list("ofac-sdn", _write(tmp_path, "sdn.csv", b"\r\n\x1a"))


def test_ofac_truncated_mid_record(tmp_path):
    text = (FIX / "ofac_sdn_sample.csv").read_bytes()
    cut = text[: text.index(b"9002") + 40]  # inside the second record, inside a quoted field
    with pytest.raises(ScreenInputError, match="line 2"):
        read_list("ofac-sdn", _write(tmp_path, "sdn.csv", cut))


def test_ofac_malformed_row(tmp_path):
    bad = b'9001,"A, B","individual","SYRIA",-0- \r\n'
    with pytest.raises(ScreenInputError, match="expected 12 columns, found 5"):
        read_list("ofac-sdn", _write(tmp_path, "sdn.csv", bad))
    bad = b'x9,"A, B","individual","SYRIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    with pytest.raises(ScreenInputError, match="ent_num must be a number"):
        read_list("ofac-sdn", _write(tmp_path, "sdn.csv", bad))


def test_ofac_empty_name_and_bad_type(tmp_path):
    row = '9001,{name},"{kind}","SYRIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    with pytest.raises(ScreenInputError, match="empty SDN_Name"):
        read_list("ofac-sdn", _write(tmp_path, "sdn.csv", row.format(name="-0- ", kind="individual").encode()))
    with pytest.raises(ScreenInputError, match="unknown SDN_Type"):
        read_list("ofac-sdn", _write(tmp_path, "sdn.csv", row.format(name='"X, Y"', kind="robot").encode()))


def test_ofac_companion_truncated(tmp_path):
    shutil.copy(FIX / "ofac_sdn_sample.csv", tmp_path / "sdn.csv")
    (tmp_path / "alt.csv").write_bytes(b'9001,1,"aka","TESTAWI, Kar')
    with pytest.raises(ScreenInputError, match="alt.csv"):
        read_list("ofac-sdn", tmp_path / "sdn.csv")


def test_encodings(tmp_path):
    assert decode_text("Testawi".encode("utf-16"), "x") == "Testawi"
    assert decode_text("Beyrouth é".encode("cp1252"), "x") == "Beyrouth é"
    with pytest.raises(ScreenInputError, match="unknown encoding"):
        decode_text(b"\x81\x8d\x8f\x90\x9d\xff", "x.csv")
    with pytest.raises(ScreenInputError, match="NUL bytes"):
        decode_text(b"a\x00b\x00", "x.csv")
    with pytest.raises(ScreenInputError, match="not UTF-8"):
        read_list("ftm", _write(tmp_path, "x.json", b'{"id": "\xe9"}\n'))


def test_xml_truncated_and_malformed(tmp_path):
    text = (FIX / "un_sc_sample.xml").read_bytes()
    with pytest.raises(ScreenInputError, match="malformed XML at line"):
        read_list("un-sc", _write(tmp_path, "un.xml", text[: len(text) // 2]))
    with pytest.raises(ScreenInputError, match="expected root element CONSOLIDATED_LIST"):
        read_list("un-sc", _write(tmp_path, "un.xml", b"<other/>"))
    with pytest.raises(ScreenInputError, match="malformed XML"):
        read_list("eu-fsf", _write(tmp_path, "eu.xml", b"<export><a></export>"))
    with pytest.raises(ScreenInputError, match="cannot decode XML|malformed XML"):
        xml = b'<?xml version="1.0" encoding="x-nonsense"?><CONSOLIDATED_LIST/>'
        read_list("un-sc", _write(tmp_path, "un.xml", xml))


def test_un_empty_name(tmp_path):
    xml = b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>" \
          b"<FIRST_NAME></FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    with pytest.raises(ScreenInputError, match="QDi.1: empty name"):
        read_list("un-sc", _write(tmp_path, "un.xml", xml))


def test_csv_formats_bad_rows(tmp_path):
    with pytest.raises(ScreenInputError, match="missing column"):
        read_list("us-csl", _write(tmp_path, "csl.csv", b"a,b\n1,2\n"))
    head = b"source,entity_number,type,programs,name,alt_names\n"
    with pytest.raises(ScreenInputError, match="line 2"):
        read_list("us-csl", _write(tmp_path, "csl.csv", head + b"x,1,Entity,P\n"))
    with pytest.raises(ScreenInputError, match="empty name"):
        read_list("us-csl", _write(tmp_path, "csl.csv", head + b"x,1,Entity,P,,\n"))
    uk = (FIX / "uk_sl_sample.csv").read_bytes()
    with pytest.raises(ScreenInputError, match="line"):
        read_list("uk-sl", _write(tmp_path, "uk.csv", uk[: uk.rindex(b"Entity")]))


def test_ftm_bad_lines(tmp_path):
    with pytest.raises(ScreenInputError, match="line 1: not valid JSON"):
        read_list("ftm", _write(tmp_path, "x.json", b'{"id": "a", "schema": "Person", "prop'))
    with pytest.raises(ScreenInputError, match="expected an FtM entity"):
        read_list("ftm", _write(tmp_path, "x.json", b"[1, 2]\n"))
    with pytest.raises(ScreenInputError, match="has no name"):
        read_list("ftm", _write(tmp_path, "x.json", b'{"id": "a", "schema": "Person", "properties": {"name": [""]}}\n'))


def test_parse_date():
    assert parse_date("11 Sep 1965") == ["1965-09-11"]
    assert parse_date("circa 1960") == ["1960"]
    assert parse_date("1960 to 1962") == ["1960", "1961", "1962"]
    assert parse_date("Sep 1965") == ["1965-09"]
    assert parse_date("unknown") == []


def test_un_alias_packing_is_split():
    from hisab.screen.readers.un import split_alias

    names, scripts, abbreviations = split_alias(
        "Tahrir al-Test (TT) (هيئة الاختبار (original script); Tahrir al Test; Testing Front)")
    assert names == ["Tahrir al-Test", "Tahrir al Test", "Testing Front"]
    assert scripts == ["هيئة الاختبار"] and abbreviations == ["TT"]


def test_to_ftm_is_valid_followthemoney(shared):
    from followthemoney import model

    data = read_list("ofac-sdn", shared("sanctions/ofac_sdn_2021.csv"))
    schemas = {e.schema for e in data.entities}
    assert {"Person", "LegalEntity", "Vessel", "Airplane"} <= schemas
    for ent in data.entities[:3000]:
        ftm = ent.to_ftm()
        schema = model.get(ftm["schema"])
        assert set(ftm["properties"]) <= set(schema.properties), (ent.list_id, ftm["schema"])
        assert type(ent).from_ftm(ent.list_kind, ent.list_id, ftm).matchable == ent.matchable
