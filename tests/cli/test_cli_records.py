"""The CLI: exit codes, error messages without tracebacks, and the JSON that scripts rely on."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from hisab.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("HISAB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_simulate_import_sources_json(env):
    result = invoke("simulate", "--victims", "300", "--lists", "3", "--seed", "2", "sim")
    assert result.exit_code == 0, result.output
    for name, ext in (("sn_martyrs", "csv"), ("vd_fatalities", "xlsx"), ("gov_health", "csv")):
        result = invoke("import", f"sim/{name}.{ext}", "--source", name, "--mapping", f"sim/{name}.mapping.yaml")
        assert result.exit_code == 0, result.output
    result = invoke("sources", "--json")
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)
    assert [s["name"] for s in sources] == ["gov_health", "sn_martyrs", "vd_fatalities"]
    for s in sources:
        assert {"name", "version", "sha256", "records"} <= set(s)
        assert s["version"] == 1 and len(s["sha256"]) == 64 and s["records"] > 0
    again = invoke("import", "sim/gov_health.csv", "--source", "gov_health", "--mapping",
                   "sim/gov_health.mapping.yaml", "--json")
    assert json.loads(again.stdout)["unchanged"] is True


def test_user_errors_exit_2_with_a_message_and_no_traceback(env):
    (env / "bad.csv").write_text("name,date\nOmar,2013-13-01\n", "utf-8")
    result = invoke("import", "bad.csv", "--source", "bad")
    assert result.exit_code == 2
    assert "Error: " in result.stderr and "month 13 does not exist" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    missing = invoke("import", "absent.csv", "--source", "x")
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_records_list_show_export(env):
    (env / "list.csv").write_text("name,sex,age,date\nOmar Hasan,male,30,2015-05-05\nسارة,f,9,\n", "utf-8")
    assert invoke("import", "list.csv", "--source", "l").exit_code == 0
    listed = json.loads(invoke("records", "list", "--json").stdout)
    assert [r["age"] for r in listed] == [30, 9]
    shown = json.loads(invoke("records", "show", str(listed[0]["id"]), "--json").stdout)
    assert shown["raw"] == {"name": "Omar Hasan", "sex": "male", "age": "30", "date": "2015-05-05"}
    assert invoke("records", "show", "999").exit_code == 2
    result = invoke("records", "export", "public.csv", "--public")
    assert result.exit_code == 0, result.output
    text = (env / "public.csv").read_text("utf-8")
    assert "Omar" not in text and "سارة" not in text and "male" in text


def test_db_upgrade_and_current(env):
    assert invoke("db", "upgrade").exit_code == 0
    result = invoke("db", "current")
    assert result.exit_code == 0 and "revision" in result.stdout


def test_demo_runs_end_to_end_on_each_backend(env, store_url):
    """The whole pipeline on SQLite and on PostgreSQL: import, link, estimate, incidents, evidence, report."""
    result = invoke("demo", "--victims", "400", "--dir", "demo", "--db", store_url)
    assert result.exit_code == 0, result.output
    assert "what each source holds" in result.stdout
    assert "link" in result.stdout and "F1" in result.stdout
    assert "estimated total (truth: 400" in result.stdout
    assert (env / "demo" / "lists" / "truth.csv").exists()
    assert (env / "demo" / "report" / "report.html").exists()
