"""OFAC SDN advanced XML: read by content under the `ofac-sdn` kind, streamed, and every bad file refused."""

from __future__ import annotations

import tracemalloc
from importlib import resources
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hisab.cli import HisabGroup
from hisab.cli.screen import register
from hisab.screen import ScreenInputError, list_snapshots, load_list, read_list, screen_query
from hisab.screen.readers.ofac_xml_refs import period_dates
from hisab.store import open_store

FIX = Path(str(resources.files("hisab") / "data" / "screen" / "fixtures"))
XML = FIX / "ofac_sdn_advanced_sample.xml"


def _text() -> str:
    return XML.read_text("utf-8")


def _write(tmp_path: Path, text: str | bytes, name: str = "SDN_ADVANCED.XML") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_fixture_entities():
    data = read_list("ofac-sdn", XML)
    ents = {e.list_id: e for e in data.entities}
    assert data.kind == "ofac-sdn" and data.generated == "2026-01-15" and len(data.sha256) == 64
    karam = ents["9001"]
    assert karam.schema == "Person"
    assert karam.names == ["Karam TESTAWI", "Kareem TESTAWI"]
    assert karam.original_script == ["كرم التستاوي"]
    assert karam.weak_aliases == ["ABU KARAM"]  # LowQuality="true"
    assert karam.birth_dates == ["1970-03-04"] and karam.nationalities == ["sy"] and karam.gender == "male"
    assert karam.identifiers == ["N0000001"] and karam.programs == ["SYRIA"]
    assert karam.remarks[0] == "Linked To: EXAMPLE INVENTED TRADING LLC."
    trading = ents["9002"]
    assert trading.schema == "LegalEntity" and trading.names[1] == "EXAMPLE INVENTED IMPORT COMPANY"
    assert trading.addresses == ["1 Invented Street, Damascus, Syria"] and trading.countries == ["sy"]
    ivan = ents["9004"]
    assert ivan.names == ["Ivan Petrovich TESTOV"] and ivan.original_script == ["Иван Петрович Тестов"]
    assert ivan.birth_dates == ["1975", "1976", "1977"] and ivan.nationalities == ["ru"]
    assert ivan.programs == ["SYRIA", "SDGT"] and "Invented note for testing." in ivan.remarks
    assert ents["9005"].schema == "Vessel" and ents["9005"].identifiers == ["IMO 0000001"]


def test_same_entries_as_the_csv():
    """The XML and the legacy CSV of the same (invented) entry give the same names and qualifiers."""
    xml = {e.list_id: e for e in read_list("ofac-sdn", XML).entities}["9001"]
    csv = {e.list_id: e for e in read_list("ofac-sdn", FIX / "ofac_sdn_sample.csv").entities}["9001"]
    attrs = ("schema", "names", "weak_aliases", "birth_dates", "nationalities", "gender", "identifiers", "programs")
    for attr in attrs:
        assert getattr(xml, attr) == getattr(csv, attr), attr


def test_detected_by_content_not_name(tmp_path):
    renamed = _write(tmp_path, XML.read_bytes(), "sdn.csv")
    assert len(read_list("ofac-sdn", renamed).entities) == 4
    bom = _write(tmp_path, b"\xef\xbb\xbf" + XML.read_bytes(), "list.dat")
    assert len(read_list("ofac-sdn", bom).entities) == 4
    utf16 = _write(tmp_path, _text().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"), "u16.xml")
    assert {e.list_id for e in read_list("ofac-sdn", utf16).entities} == {"9001", "9002", "9004", "9005"}


def test_period_dates():
    import xml.etree.ElementTree as ET

    def period(a: str, b: str):
        ya, ma, da = a.split("-")
        yb, mb, db = b.split("-")
        return ET.fromstring(
            f"<DatePeriod><Start><From><Year>{ya}</Year><Month>{ma}</Month><Day>{da}</Day></From></Start>"
            f"<End><To><Year>{yb}</Year><Month>{mb}</Month><Day>{db}</Day></To></End></DatePeriod>")

    assert period_dates(period("1980-1-1", "1980-12-31")) == ["1980"]
    assert period_dates(period("1965-9-1", "1965-9-30")) == ["1965-09"]
    assert period_dates(period("1965-9-11", "1965-9-11")) == ["1965-09-11"]
    assert period_dates(period("1960-3-2", "1961-5-6")) == ["1960-03-02", "1961-05-06"]
    assert period_dates(None) == []


# ------------------------------------------------------------------------------------------ bad input
def test_malformed_and_truncated(tmp_path):
    text = _text()
    with pytest.raises(ScreenInputError, match="truncated mid-record"):
        read_list("ofac-sdn", _write(tmp_path, text[: text.index('<DistinctParty FixedRef="9004">') + 200]))
    with pytest.raises(ScreenInputError, match="malformed XML at line"):
        read_list("ofac-sdn", _write(tmp_path, text.replace("</Alias>", "</Alais>", 1)))
    with pytest.raises(ScreenInputError, match="expected root element Sanctions"):
        read_list("ofac-sdn", _write(tmp_path, "<other/>"))
    with pytest.raises(ScreenInputError, match="legacy sdn.xml"):
        read_list("ofac-sdn", _write(tmp_path, "<sdnList><sdnEntry/></sdnList>"))
    with pytest.raises(ScreenInputError, match="empty"):
        read_list("ofac-sdn", _write(tmp_path, b""))
    with pytest.raises(ScreenInputError, match="no DistinctParty"):
        read_list("ofac-sdn", _write(tmp_path, "<Sanctions><DistinctParties/></Sanctions>"))


@pytest.mark.parametrize("old,new,message", [
    ('NamePartGroupID="40041"', 'NamePartGroupID="49999"', "DistinctParty 9004: unknown NamePartGroupID '49999'"),
    ('ScriptID="230"', 'ScriptID="999"', "DistinctParty 9004: unknown ScriptID '999'"),
    ('FeatureTypeID="125"', 'FeatureTypeID="777"', "DistinctParty 9004: unknown FeatureTypeID '777'"),
    ('<VersionLocation LocationID="503" />', '<VersionLocation LocationID="599" />', "unknown LocationID '599'"),
    ('ProfileID="9005"', 'ProfileID="9999"', "SanctionsEntry 19005: unknown ProfileID '9999'"),
    ('IdentityID="7005" IssuedBy', 'IdentityID="7999" IssuedBy', "IdentityID '7999': no such Identity"),
    ('<Profile ID="9005" PartySubTypeID="1">', '<Profile ID="9005" PartySubTypeID="8">', "unknown PartySubTypeID '8'"),
    ('<LocationCountry CountryID="11132"', '<LocationCountry CountryID="1"', "Location 503: unknown CountryID '1'"),
])
def test_unknown_references(tmp_path, old, new, message):
    text = _text()
    assert old in text
    with pytest.raises(ScreenInputError, match=message):
        read_list("ofac-sdn", _write(tmp_path, text.replace(old, new, 1)))


def test_empty_names(tmp_path):
    text = _text()
    empty_only = text.replace(">INVENTED STAR<", "> <")
    with pytest.raises(ScreenInputError, match="DistinctParty 9005: empty name"):
        read_list("ofac-sdn", _write(tmp_path, empty_only))
    # an empty alias beside good names is skipped with a warning, not fatal
    data = read_list("ofac-sdn", _write(tmp_path, text.replace(">ABU KARAM<", "><")))
    assert any("DocumentedName 6004 is empty" in w for w in data.warnings)
    assert {e.list_id: e for e in data.entities}["9001"].weak_aliases == []


def test_bad_xml_never_replaces_good_snapshot(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'screen.db'}")
    good = load_list(store, "ofac-sdn", XML)
    text = _text()
    for bad in (text[: len(text) // 2], text.replace('ScriptID="230"', 'ScriptID="999"')):
        with pytest.raises(ScreenInputError):
            load_list(store, "ofac-sdn", _write(tmp_path, bad))
    assert [(s.id, s.status) for s in list_snapshots(store)] == [(good.id, "current")]
    result, _ = screen_query(store, "Иван Тестов")
    assert result.hits[0].entity.list_id == "9004"


def test_cli_loads_xml_as_ofac_sdn(tmp_path):
    app = typer.Typer(cls=HisabGroup)
    register(app)
    app.command("noop")(lambda: None)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    res = CliRunner().invoke(app, ["screen", "lists", "load", "ofac-sdn", str(XML), "--db", db])
    assert res.exit_code == 0, res.output
    assert "ofac-sdn: loaded snapshot 1, 4 entities" in res.output


def test_streams_with_bounded_memory(tmp_path):
    """Memory while reading grows with the entities kept, not with the XML: 2,000 parties padded with
    8 KB of ignored feature text (a 17 MB file) are read with a peak far below the file's size."""
    text = _text()
    start, end = text.index('<DistinctParty FixedRef="9002">'), text.index('<DistinctParty FixedRef="9004">')
    party = text[start:end].replace("www.invented.example", "x" * 8000)
    head = text[:start].replace('IdentityID="7005"', 'IdentityID="7001"')  # its party is left out
    tail = text[text.index("</DistinctParties>"):text.index("<SanctionsEntries>")]
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as f:
        f.write(head)
        for i in range(2000):
            f.write(party.replace('"9002"', f'"{100000 + i}"').replace('"7002"', f'"{200000 + i}"'))
        f.write(tail + "</Sanctions>")
    size = path.stat().st_size
    assert size > 16_000_000
    tracemalloc.start()
    try:
        data = read_list("ofac-sdn", path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data.entities) == 2001  # with the first party of the fixture
    assert peak < size / 4, (peak, size)
