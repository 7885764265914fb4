"""`hisab actors …` commands on a fresh Typer app (the lead registers them in hisab.cli)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from hisab.cli.actors import register


def test_actors_commands(sqlite_store, tmp_path):
    app = typer.Typer()
    register(app)
    run = CliRunner().invoke
    db = ["--db", sqlite_store.url]
    res = run(app, ["actors", "seed", *db])
    assert res.exit_code == 0 and "actors created" in res.stdout
    res = run(app, ["actors", "list", *db, "--json"])
    rows = json.loads(res.stdout)
    assert any(r["name"] == "4th Armored Division" and r["party"] == "Syrian government forces" for r in rows)
    out = tmp_path / "actors.ftm.json"
    res = run(app, ["actors", "export", str(out), *db])
    assert res.exit_code == 0 and out.is_file()
    res = run(app, ["actors", "import", str(out), *db])
    assert res.exit_code == 0 and "0 actors created" in res.stdout
    res = run(app, ["actors", "attribute-records", *db, "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["created"] == 0
    res = run(app, ["actors", "attribute", "--actor", "ghost-brigade", "--record", "1", *db])
    assert res.exit_code != 0 and "ghost-brigade" in str(res.exception)
