"""Snapshots in the store, the screening log, diff, and the `hisab screen` commands end to end."""

from __future__ import annotations

import csv
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from hisab.cli import HisabGroup
from hisab.cli.screen import register
from hisab.screen import ScreenInputError, diff_snapshots, list_snapshots, load_list, screen_query
from hisab.screen.models import ScreenLog
from hisab.screen.screening import BATCH_COLUMNS, record_decision
from hisab.store import open_store

FIX = Path(str(resources.files("hisab") / "data" / "screen" / "fixtures"))


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'screen.db'}")


@pytest.fixture
def app():
    app = typer.Typer(cls=HisabGroup)
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `screen` a sub-command
        pass

    return app


def _ofac_copy(tmp_path: Path, folder: str) -> Path:
    d = tmp_path / folder
    d.mkdir()
    for name in ("sdn", "alt", "add", "sdn_comments"):
        shutil.copy(FIX / f"ofac_{name}_sample.csv", d / f"ofac_{name}_sample.csv")
    return d / "ofac_sdn_sample.csv"


def test_load_is_versioned_and_idempotent(store):
    first = load_list(store, "un-sc", FIX / "un_sc_sample.xml")
    again = load_list(store, "un-sc", FIX / "un_sc_sample.xml")
    assert first.new and not again.new and again.id == first.id
    assert first.entity_count == 3 and len(first.sha256) == 64


def test_bad_list_never_replaces_good_snapshot(store, tmp_path):
    good = load_list(store, "un-sc", FIX / "un_sc_sample.xml")
    text = (FIX / "un_sc_sample.xml").read_bytes()
    bad = tmp_path / "un.xml"
    bad.write_bytes(text[: len(text) - 200])
    with pytest.raises(ScreenInputError):
        load_list(store, "un-sc", bad)
    snaps = list_snapshots(store)
    assert [(s.id, s.status) for s in snaps] == [(good.id, "current")]
    result, _ = screen_query(store, "Karam Testawi")
    assert result.hits[0].entity.list_id == "QDi.901"


def test_query_is_logged_with_hashes_and_decision(store):
    snap = load_list(store, "un-sc", FIX / "un_sc_sample.xml")
    result, log_id = screen_query(store, "كرم التستاوي", birth_date="1970")
    assert result.hits[0].match
    record_decision(store, log_id, "match", "reviewer A")
    with store.session() as s:
        row = s.scalars(select(ScreenLog)).one()
        assert row.snapshots == {"un-sc": snap.sha256}
        assert row.normalised["script"] == "arabic" and row.normalised["key"]
        assert row.algorithm.startswith("hisab-screen")
        assert row.hits["hits"][0]["list_id"] == "QDi.901"
        assert (row.decision, row.reviewer) == ("match", "reviewer A")
    with pytest.raises(ScreenInputError, match="decision must be"):
        record_decision(store, log_id, "maybe", "x")
    with pytest.raises(ScreenInputError, match="birth-date"):
        screen_query(store, "Karam Testawi", birth_date="someday")


def test_no_list_loaded(store):
    with pytest.raises(ScreenInputError, match="no sanctions list loaded"):
        screen_query(store, "Karam Testawi")


def test_diff_and_rescreen(store, tmp_path):
    old_path = _ofac_copy(tmp_path, "old")
    old = load_list(store, "ofac-sdn", old_path)
    screen_query(store, "Nadim Testawi")
    screen_query(store, "Fuad Newperson")
    new_path = _ofac_copy(tmp_path, "new")
    lines = new_path.read_text().splitlines(keepends=True)
    lines = [ln for ln in lines if not ln.startswith("9004,")]  # Nadim delisted
    lines[0] = lines[0].replace("DOB 04 Mar 1970", "DOB 05 Mar 1970")  # Karam amended
    lines.append('9005,"NEWPERSON, Fuad","individual","SYRIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
    new_path.write_text("".join(lines))
    new = load_list(store, "ofac-sdn", new_path)
    d = diff_snapshots(store, str(old.id), new.sha256[:8])
    assert [x["list_id"] for x in d.added] == ["9005"]
    assert [x["list_id"] for x in d.removed] == ["9004"]
    assert [x["list_id"] for x in d.amended] == ["9001"]
    by_query = {r.query: r for r in d.rescreened}
    assert "9004" in by_query["Nadim Testawi"].before  # 9001 (amended) was a lower hit too
    assert by_query["Fuad Newperson"].after[0]["list_id"] == "9005" and by_query["Fuad Newperson"].after[0]["match"]
    with pytest.raises(ScreenInputError, match="no list snapshot"):
        diff_snapshots(store, "999", str(new.id))


def test_cli_end_to_end(app, tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    res = runner.invoke(app, ["screen", "lists", "load", "ofac-sdn", str(_ofac_copy(tmp_path, "o")), "--db", db])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["screen", "lists", "load", "un-sc", str(FIX / "un_sc_sample.xml"), "--db", db])
    assert res.exit_code == 0 and "3 entities" in res.output
    res = runner.invoke(app, ["screen", "lists", "--db", db, "--json"])
    assert [s["kind"] for s in json.loads(res.output)] == ["ofac-sdn", "un-sc"]
    res = runner.invoke(app, ["screen", "query", "كرم التستاوي", "--birth-date", "1970-03-04", "--json", "--db", db])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert {h["list"] for h in out["hits"] if h["match"]} == {"ofac-sdn", "un-sc"}
    res = runner.invoke(app, ["screen", "query", "Testawi", "--schema", "Person", "--db", db])
    assert res.exit_code == 0 and "one-word" in res.output
    res = runner.invoke(app, ["screen", "query", "x" * 10_000, "--db", db])
    assert res.exit_code == 2 and "10000 characters" in res.output
    res = runner.invoke(app, ["screen", "lists", "load", "nope", str(FIX / "un_sc_sample.xml"), "--db", db])
    assert res.exit_code == 2 and "unknown list kind" in res.output

    names = tmp_path / "in.csv"
    names.write_text("id,name,schema,birth_date\na1,Karam Testawi,Person,1970\na2,,,\na3,Example Invented Trading,,\n",
                     encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    res = runner.invoke(app, ["screen", "batch", str(names), "--out", str(out_csv), "--db", db])
    assert res.exit_code == 0, res.output
    assert "line 3" in res.output  # the empty name is reported, not fatal
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert list(rows[0]) == BATCH_COLUMNS
    first = [r for r in rows if r["id"] == "a1" and r["rank"] == "1"][0]
    assert first["match"] == "true" and first["list"] in ("ofac-sdn", "un-sc") and "Karam" in first["explanation"]
    assert any(r["id"] == "a3" and r["list_id"] == "9002" for r in rows)
    res = runner.invoke(app, ["screen", "diff", "1", "2", "--db", db])
    assert res.exit_code == 2 and "different lists" in res.output
