"""The report's day series, attacks on health care by party and per-party estimates (beside the counts)."""

from __future__ import annotations

import importlib.util
import pathlib
from datetime import date

import pytest
import typer
from pypdf import PdfReader
from typer.testing import CliRunner

from hisab.actors import ShareParams, add_attribution, attribute_records, load_seed
from hisab.cli.report import register
from hisab.estimate.result import EstimateResult
from hisab.estimate.store_io import save_results
from hisab.estimate.strata import combine
from hisab.report import make_report
from hisab.store.models import Incident

_spec = importlib.util.spec_from_file_location(
    "actors_shares_helper_for_report", pathlib.Path(__file__).parents[1] / "actors" / "test_actors_shares.py")
_helper = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helper)


@pytest.fixture
def store(sqlite_store):
    load_seed(sqlite_store)
    d1, d2 = date(2016, 3, 1), date(2016, 3, 2)
    _helper.make_records(sqlite_store, [
        {"person": 1, "perpetrator": "قوات النظام", "date_earliest": d1, "date_latest": d1},
        {"person": 2, "perpetrator": "قوات النظام", "date_earliest": d2, "date_latest": d2},
        {"person": 3, "perpetrator": "ISIS", "date_earliest": d2, "date_latest": d2},
        {"person": 4, "date_earliest": d1, "date_latest": date(2016, 3, 31)},
    ], reliability="Likely reliable")
    attribute_records(sqlite_store)
    with sqlite_store.session() as s:
        ids = []
        for n in range(4):
            inc = Incident(code=f"WHO-SYN-{n}", origin="who-ssa", attack_types=["violence_with_heavy_weapons"],
                           date_earliest=date(2016, 3, 1 + n), killed_min=n, killed_max=n)
            s.add(inc)
            s.flush()
            ids.append(inc.id)
    add_attribution(sqlite_store, incident_id=ids[0], actors=["ru-vks"], confidence="confirmed")
    add_attribution(sqlite_store, incident_id=ids[1], actors=["sy-gov", "ru-state"], confidence="probable")
    per = [EstimateResult("lcmcr", "K=5", 1, 3.0, 1.0, 9.0, stratum="ISIS"),
           EstimateResult("lcmcr", "K=5", 2, 7.0, 2.0, 15.0, stratum="قوات النظام")]
    save_results(sqlite_store, [combine(per), *per], None)
    return sqlite_store


def test_report_shows_days_health_care_by_party_and_estimates_by_party(store, tmp_path):
    files = make_report(store, tmp_path / "out", params=ShareParams(by="day"), pdf=True)
    html = files.html.read_text("utf-8")
    assert files.sections["health_care_by_party"] and files.sections["estimates_by_party"]
    assert (tmp_path / "out" / "charts" / "daily.svg").is_file()
    assert "<h3>By day</h3>" in html and "2016-03-02" in html and "not known to the day" in html
    health = html[html.index("Attacks on health care by party"):]
    assert "4 attacks on health care" in health and "Russian forces" in health
    assert "<td><b>Unattributed</b></td>" in health and "50.0%" in health  # 2 of 4 attacks
    est = html[html.index("Estimated totals by party"):html.index("Attacks on health care by party")]
    assert "Syrian government forces" in est and "never added" in est
    assert "7" in est and "2 – 15" in est  # the regime stratum's estimate and its interval
    text = "\n".join(p.extract_text() or "" for p in PdfReader(files.pdf).pages)
    assert "Attacks on health care by party" in text and "Estimated totals by party" in text


def test_report_without_day_series_or_health_data(sqlite_store, tmp_path):
    _helper.make_records(sqlite_store, [{"person": 1, "date_earliest": date(2016, 3, 1)}])
    files = make_report(sqlite_store, tmp_path / "out", pdf=False)
    html = files.html.read_text("utf-8")
    assert "<h3>By day</h3>" not in html and "Estimated totals by party" not in html
    assert not files.sections["health_care_by_party"] and not files.sections["estimates_by_party"]


def test_report_cli_by_day_and_bad_value(store, tmp_path):
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    runner = CliRunner()
    res = runner.invoke(app, ["report", str(tmp_path / "r"), "--db", store.url, "--no-pdf", "--by", "day"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r" / "charts" / "daily.svg").is_file()
    from hisab.cli import HisabGroup

    top = typer.Typer(cls=HisabGroup)
    register(top)
    top.command("noop")(lambda: None)
    res = runner.invoke(top, ["report", str(tmp_path / "r2"), "--db", store.url, "--no-pdf", "--by", "hour"])
    assert res.exit_code == 2 and "--by must be one of" in res.stderr
