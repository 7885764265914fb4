"""The `hisab places`, `hisab incidents` and `hisab sieges` commands: JSON keys scripts rely on, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from hisab.cli import app

runner = CliRunner()


@pytest.fixture
def db(placed_store):
    return ["--db", placed_store.url]


def _ok(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result


def test_places_find_json(db):
    out = json.loads(_ok(["places", "find", "Aleppo : Kafr Naha", "--json", *db]).stdout)
    first = out[0]
    assert {"pcode", "name_en", "name_ar", "governorate", "score"} <= set(first)
    assert (first["pcode"], first["governorate"], first["ambiguous"], first["rank"]) == ("C1034", "Aleppo", False, 1)
    assert [c["rank"] for c in out] == list(range(1, len(out) + 1))
    assert all(a["score"] >= b["score"] for a, b in zip(out, out[1:], strict=False))
    result = _ok(["places", "find", "دوما", "--json", *db])
    amb = json.loads(result.stdout)
    assert amb[0]["ambiguous"] and "share the best score" in amb[0]["ambiguity"]
    assert "ambiguous:" in result.stderr


def test_places_load_and_find_on_empty_store(store, gazetteer_file):
    result = runner.invoke(app, ["places", "find", "Saraqab", "--db", store.url])
    assert result.exit_code == 2 and "hisab places load" in result.output
    out = json.loads(_ok(["places", "load", "--gazetteer", str(gazetteer_file), "--no-fixtures", "--json",
                          "--db", store.url]).stdout)
    assert out["by_kind"] == {"governorate": 14, "district": 7, "subdistrict": 8, "community": 9, "neighbourhood": 1}
    assert out["added"] == 39


def test_import_list_stats_show_export_map(db, tmp_path, fx):
    cw = fx.write_json(tmp_path / "cw.json", [fx.cw_incident("ZAM"), fx.cw_incident("X1", location="حلب : لا مكان")])
    who = tmp_path / "who.csv"
    who.write_text("\n".join([fx.WHO_HEADER, fx.who_row("SYR1", deaths="7", injured="3")]) + "\n", encoding="utf-8")
    out = json.loads(_ok(["incidents", "import", str(cw), str(who), "--json", *db]).stdout)
    assert [f["format"] for f in out["files"]] == ["syrianarchive-cw", "who-ssa"]
    assert out["files"][0]["not_geocoded"][0]["code"] == "X1"
    rows = json.loads(_ok(["incidents", "list", "--json", *db]).stdout)
    assert {r["code"] for r in rows} == {"ZAM", "X1", "WHO-SYR1"}
    stats = json.loads(_ok(["incidents", "stats", "--origin", "who-ssa", "--json", *db]).stdout)
    assert (stats["incidents"], stats["killed_min"], stats["injured_min"], stats["massacres"]) == (1, 7, 3, 1)
    assert json.loads(_ok(["incidents", "show", "ZAM", "--json", *db]).stdout)["pcode"] == "C2320"
    _ok(["incidents", "export", str(tmp_path / "out.csv"), *db])
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 4
    _ok(["incidents", "export", str(tmp_path / "out.geojson"), *db])
    geo = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["code"] for f in geo["features"]] == ["ZAM"]
    assert geo["features"][0]["properties"]["geo_precision"] == "community"
    _ok(["incidents", "map", str(tmp_path / "map.png"), *db])
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sieges_commands(db, tmp_path, fx):
    _ok(["incidents", "import", str(fx.write_json(tmp_path / "cw.json", [fx.cw_incident("ZAM")])), *db])
    out = json.loads(_ok(["sieges", "add", "GHOUTA", "--area", "C2320,C2321", "--start", "2013-04", "--end", "2018-04",
                          "--party", "government forces", "--json", *db]).stdout)
    assert out["incidents_linked"] == 1
    _ok(["sieges", "event", "GHOUTA", "evacuation", "2018-03", "--count", "120", *db])
    listed = json.loads(_ok(["sieges", "list", "--json", *db]).stdout)
    assert listed[0]["incidents"] == ["ZAM"] and listed[0]["events"][0]["count"] == 120


@pytest.mark.parametrize("args, message", [
    (["incidents", "show", "NOPE"], "no incident with code or id 'NOPE'"),
    (["incidents", "list", "--since", "yesterday"], "--since expects a date"),
    (["incidents", "export", "out.xlsx"], "expected a .csv or .geojson"),
    (["incidents", "import", "missing.json"], "missing.json"),
    (["sieges", "add", "S", "--area", "C0000", "--start", "2013"], "not in the gazetteer"),
])
def test_errors_exit_2_with_a_message(db, args, message):
    result = runner.invoke(app, [*args, *db])
    assert result.exit_code == 2, result.output
    assert message in result.output
