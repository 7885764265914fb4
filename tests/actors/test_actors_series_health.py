"""Day series, attacks on health care by party, and per-perpetrator estimates beside documented counts."""

from __future__ import annotations

import importlib.util
import json
import pathlib
from datetime import date

import pytest
import typer
from typer.testing import CliRunner

from hisab.actors import ShareParams, add_attribution, attribute_records, load_seed, replay, shares
from hisab.actors.errors import UserError
from hisab.actors.shares import NOT_TO_THE_DAY
from hisab.cli.actors import register
from hisab.estimate.result import EstimateResult
from hisab.estimate.store_io import save_results
from hisab.estimate.strata import combine
from hisab.store.models import Incident

_spec = importlib.util.spec_from_file_location("actors_shares_helper",
                                               pathlib.Path(__file__).parent / "test_actors_shares.py")
_helper = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helper)
make_records = _helper.make_records


def _cli():
    app = typer.Typer()
    register(app)
    return app


# --------------------------------------------------------------------------- time series by day


@pytest.fixture
def days(sqlite_store):
    """Five persons: two on 2015-06-01 (regime, unattributed), one on 2015-06-02 (ISIS), one known only
    to the month of June 2015 (regime), one (two records) whose earliest exact day is 2015-06-02."""
    load_seed(sqlite_store)
    d1, d2 = date(2015, 6, 1), date(2015, 6, 2)
    ids = make_records(sqlite_store, [
        {"person": 1, "date_earliest": d1, "date_latest": d1},
        {"person": 2, "date_earliest": d1},  # no latest date: the day is the one given
        {"person": 3, "date_earliest": d2, "date_latest": d2},
        {"person": 4, "date_earliest": d1, "date_latest": date(2015, 6, 30)},  # month precision
        {"person": 5, "date_earliest": d1, "date_latest": date(2015, 6, 30)},
        {"person": 5, "date_earliest": d2, "date_latest": d2},
    ])
    add_attribution(sqlite_store, record_id=ids[0], actors=["sy-army"], confidence="probable")
    add_attribution(sqlite_store, record_id=ids[2], actors=["isis"], confidence="confirmed")
    add_attribution(sqlite_store, record_id=ids[3], actors=["sy-gov"], confidence="probable")
    return sqlite_store


def test_day_series_places_only_persons_known_to_the_day(days):
    r = shares(days, ShareParams(by="day"))
    by_day = {t.label: t for t in r.by_day}
    assert set(by_day) == {"2015-06-01", "2015-06-02", NOT_TO_THE_DAY}
    first, second, vague = by_day["2015-06-01"], by_day["2015-06-02"], by_day[NOT_TO_THE_DAY]
    assert (first.persons, first.unattributed_n) == (2, 1)
    gov = first.party("Syrian government forces")
    assert (gov.lower_n, gov.point_n, gov.upper_n) == (1, 1.0, 2)  # upper adds the day's unattributed
    assert second.persons == 2 and second.party("ISIS").lower_n == 1 and second.unattributed_n == 1
    assert vague.persons == 1 and vague.party("Syrian government forces").sole_n == 1
    assert sum(t.persons for t in r.by_day) == r.overall.persons == 5
    assert [t.label for t in r.by_month] == ["2015-06"]  # the month series is always there
    assert shares(days).by_day == []  # month only unless asked
    assert replay(days, r.query_id).same_figures  # "by" is a stored parameter


def test_day_series_respects_the_period(days):
    r = shares(days, ShareParams(date_from=date(2015, 6, 2), date_to=date(2015, 6, 2), by="day"))
    # the period filters on a person's earliest possible date: person 5 (earliest 2015-06-01) is outside
    assert [t.label for t in r.by_day] == ["2015-06-02"] and r.overall.persons == 1
    assert r.by_day[0].party("ISIS").lower_n == 1


def test_bad_series_option(days):
    with pytest.raises(UserError, match="--by must be one of month, day; got 'week'"):
        shares(days, ShareParams(by="week"))
    from hisab.cli import HisabGroup

    top = typer.Typer(cls=HisabGroup)
    register(top)
    res = CliRunner().invoke(top, ["stats", "shares", "--db", days.url, "--by", "week"])
    assert res.exit_code == 2 and "--by must be one of" in res.stderr


def test_cli_day_series(days):
    runner = CliRunner()
    res = runner.invoke(_cli(), ["stats", "shares", "--db", days.url, "--by", "day", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["params"]["by"] == "day"
    assert {t["label"]: t["persons"] for t in data["by_day"]}["2015-06-01"] == 2
    res = runner.invoke(_cli(), ["stats", "shares", "--db", days.url, "--by", "day"])
    assert res.exit_code == 0 and "By day" in res.stdout and "2015-06-02" in res.stdout


# --------------------------------------------------------------------------- attacks on health care


def _incidents(store, rows: list[dict]) -> list[int]:
    with store.session() as s:
        out = []
        for n, row in enumerate(rows, start=1):
            inc = Incident(code=f"SYN-H{n}", **row)
            s.add(inc)
            s.flush()
            out.append(inc.id)
        return out


WHO = {"origin": "who-ssa", "attack_types": ["violence_with_heavy_weapons"]}


@pytest.fixture
def health(sqlite_store):
    """Six WHO SSA attacks: regime (probable), Russia (confirmed), regime-or-Russia jointly, regime vs
    ISIS in conflict, two unattributed; plus one non-health incident attributed to ISIS."""
    load_seed(sqlite_store)
    make_records(sqlite_store, [{"person": 1, "date_earliest": date(2016, 3, 1), "governorate": "Idleb"},
                                {"person": 2, "date_earliest": date(2017, 6, 1)},
                                {"person": 3, "date_earliest": date(2019, 1, 1)}])
    ids = _incidents(sqlite_store, [
        {**WHO, "date_earliest": date(2016, 3, 1), "killed_min": 2, "killed_max": 2},
        {**WHO, "date_earliest": date(2016, 4, 1), "killed_min": 0, "killed_max": 0},
        {**WHO, "date_earliest": date(2017, 1, 9), "killed_min": 1, "killed_max": 3},
        {**WHO, "date_earliest": date(2017, 2, 9)},
        {**WHO, "date_earliest": date(2017, 5, 9)},
        {"origin": "who-ssa", "date_earliest": date(2018, 5, 9)},  # WHO row without parsed attack types
        {"origin": "syrianarchive-cw", "date_earliest": date(2017, 5, 9)},  # not health care
    ])
    att = lambda i, actors, conf: add_attribution(sqlite_store, incident_id=ids[i], actors=actors,  # noqa: E731
                                                  confidence=conf)
    att(0, ["sy-gov"], "probable")
    att(1, ["ru-vks"], "confirmed")
    att(2, ["sy-gov", "ru-state"], "probable")
    att(3, ["sy-gov"], "probable")
    att(3, ["isis"], "possible")
    att(6, ["isis"], "confirmed")
    return sqlite_store


def test_health_care_attacks_by_party_with_bounds(health):
    h = shares(health).health_care
    a = h.attacks
    assert a.persons == 6 and a.unattributed_n == 2 and a.joint_n == 1 and a.conflicting_n == 1
    gov, ru, isis = a.party("Syrian government forces"), a.party("Russian forces"), a.party("ISIS")
    assert (gov.lower_n, gov.point_n, gov.upper_n) == (1, 1 + 0.5 + 0.5, 1 + 2 + 2)
    assert (ru.lower_n, ru.point_n, ru.upper_n) == (1, 1.5, 1 + 1 + 2)
    assert (isis.lower_n, isis.point_n, isis.upper_n) == (0, 0.5, 0 + 1 + 2)  # the non-health attack is not here
    assert a.unattributed == pytest.approx(2 / 6)
    assert sum(p.point_n for p in a.parties) + a.unattributed_n == pytest.approx(6)
    assert (h.killed_min, h.killed_max) == (3, 5)
    assert {t.label: t.persons for t in h.by_year} == {"2016": 2, "2017": 3, "2018": 1}
    assert "names no perpetrator" in h.note


def test_health_care_threshold_and_period(health):
    a = shares(health, ShareParams(min_confidence="confirmed")).health_care.attacks
    assert a.party("Russian forces").lower_n == 1 and a.unattributed_n == 5
    h = shares(health, ShareParams(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))).health_care
    assert h.attacks.persons == 3 and h.attacks.party("Russian forces").sole_n == 0
    assert shares(health, ShareParams(date_from=date(2019, 1, 1), date_to=date(2019, 1, 31))).health_care is None
    by_area = shares(health, ShareParams(governorate="Idleb")).health_care
    assert by_area.attacks.persons == 6 and "sub-national location" in by_area.note
    assert "sub-national" not in shares(health).health_care.note


def test_who_ssa_without_attributions_are_all_unattributed(sqlite_store):
    load_seed(sqlite_store)
    make_records(sqlite_store, [{"person": 1}])
    _incidents(sqlite_store, [WHO, WHO, WHO])
    a = shares(sqlite_store).health_care.attacks
    assert (a.persons, a.unattributed_n, a.unattributed, a.parties) == (3, 3, 1.0, [])
    assert shares(sqlite_store).overall.persons == 1  # attacks are not deaths


def test_no_health_incidents_gives_none(sqlite_store):
    make_records(sqlite_store, [{"person": 1}])
    assert shares(sqlite_store).health_care is None


def test_health_care_in_json_and_replay(health):
    res = CliRunner().invoke(_cli(), ["stats", "shares", "--db", health.url, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["health_care"]["attacks"]["unattributed_n"] == 2
    assert replay(health, data["query_id"]).same_figures
    add_attribution(health, incident_id=5, actors=["isis"], confidence="probable")
    assert not replay(health, data["query_id"]).same_inputs
    res = CliRunner().invoke(_cli(), ["stats", "shares", "--db", health.url])
    assert "Attacks on health care by party (6 attacks)" in res.stdout


# --------------------------------------------------------------------------- estimates per perpetrator


def _result(method: str, stratum: str, observed: int, est: float, lo: float, hi: float) -> EstimateResult:
    return EstimateResult(method, "M0", observed, est, lo, hi, details={"stderr": (hi - lo) / 3.92},
                          stratum=stratum)


def _save_run(store, labels: list[tuple[str, int, float, float, float]], method: str = "loglinear") -> None:
    """The rows `hisab estimate --strata perpetrator` saves: the combined total first, then each stratum."""
    per = [_result(method, lab, n, e, lo, hi) for lab, n, e, lo, hi in labels]
    save_results(store, [combine(per), *per], None)


@pytest.fixture
def estimated(sqlite_store):
    load_seed(sqlite_store)
    make_records(sqlite_store, [
        {"person": 1, "perpetrator": "قوات النظام", "governorate": "Idleb"},
        {"person": 2, "perpetrator": "قوات النظام", "governorate": "Idleb"},
        {"person": 3, "perpetrator": "ISIS", "governorate": "Homs"},
        {"person": 4, "perpetrator": "Russian or Syrian government forces", "governorate": "Homs"},
        {"person": 5, "governorate": "Homs"},
    ], reliability="Likely reliable")
    attribute_records(sqlite_store)
    return sqlite_store


def test_estimates_per_perpetrator_sit_beside_documented_counts(estimated):
    before = shares(estimated, save=False)
    assert before.estimates == []
    _save_run(estimated, [("Idleb", 2, 5.0, 3.0, 9.0), ("Homs", 3, 6.0, 4.0, 10.0)])  # not perpetrator strata
    assert shares(estimated, save=False).estimates == []
    _save_run(estimated, [("ISIS", 1, 4.0, 2.0, 8.0), ("Russian or Syrian government forces", 1, 3.0, 1.0, 6.0),
                          ("unknown", 1, 2.0, 1.0, 5.0), ("قوات النظام", 2, 10.0, 6.0, 20.0)])
    r = shares(estimated)
    # documented figures unchanged: estimates are never added in
    assert json.dumps(r.overall.__dict__, default=str) == json.dumps(before.overall.__dict__, default=str)
    rows = {e.stratum: e for e in r.estimates}
    assert set(rows) == {"all", "ISIS", "Russian or Syrian government forces", "unknown", "قوات النظام"}
    gov = rows["قوات النظام"]
    assert (gov.party, gov.estimate, gov.lower, gov.upper, gov.observed) == ("Syrian government forces", 10.0,
                                                                              6.0, 20.0, 2)
    assert (gov.documented_lower_n, gov.documented_point_n) == (2, 2.5)  # 2 sole + half of the joint person
    assert rows["ISIS"].party == "ISIS" and rows["ISIS"].documented_upper_n == 1 + 1  # sole + unattributed
    assert rows["Russian or Syrian government forces"].party == "Russian forces or Syrian government forces"
    assert "joint" in rows["Russian or Syrian government forces"].note
    assert rows["unknown"].party is None and rows["all"].party is None
    assert rows["all"].estimate == pytest.approx(19.0)


def test_estimates_in_json_latest_run_and_replay(estimated):
    _save_run(estimated, [("ISIS", 1, 4.0, 2.0, 8.0), ("قوات النظام", 2, 10.0, 6.0, 20.0)])
    _save_run(estimated, [("ISIS", 1, 5.0, 2.0, 9.0), ("قوات النظام", 2, 11.0, 6.0, 21.0)])  # a newer run
    res = CliRunner().invoke(_cli(), ["stats", "shares", "--db", estimated.url, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    est = {e["stratum"]: e for e in data["estimates"]}
    assert est["ISIS"]["estimate"] == 5.0 and est["ISIS"]["upper"] == 9.0  # only the latest run
    assert data["overall"]["persons"] == 5  # documented counts stay in their own table
    assert replay(estimated, data["query_id"]).same_figures
    _save_run(estimated, [("ISIS", 1, 7.0, 2.0, 12.0), ("قوات النظام", 2, 11.0, 6.0, 21.0)])
    again = replay(estimated, data["query_id"])
    assert not again.same_inputs and not again.same_figures
    res = CliRunner().invoke(_cli(), ["stats", "shares", "--db", estimated.url])
    assert "never added to" in res.stdout and "Syrian government forces" in res.stdout


def test_failed_stratum_estimate_is_shown_with_its_status(estimated):
    ok = _result("dga", "ISIS", 1, 4.0, 2.0, 8.0)
    bad = EstimateResult("dga", "BMA", 2, None, None, None, status="too sparse", stratum="قوات النظام")
    save_results(estimated, [combine([ok, bad]), ok, bad], None)
    rows = {e.stratum: e for e in shares(estimated, save=False).estimates}
    assert rows["قوات النظام"].estimate is None and rows["قوات النظام"].status == "too sparse"
    assert rows["all"].status.startswith("not estimated in every stratum")


def test_strata_of_one_party_spelled_two_ways_are_summed_in_one_more_row(estimated):
    make_records(estimated, [{"person": 6, "perpetrator": "Regime forces"}], source="list_b")
    _save_run(estimated, [("ISIS", 1, 4.0, 2.0, 8.0), ("Regime forces", 1, 3.0, 1.0, 5.0),
                          ("قوات النظام", 2, 10.0, 6.0, 14.0)])
    rows = [e for e in shares(estimated, save=False).estimates if e.party == "Syrian government forces"]
    assert [e.stratum for e in rows] == ["Regime forces", "قوات النظام", "Regime forces + قوات النظام"]
    total = rows[-1]
    assert total.estimate == pytest.approx(13.0) and total.observed == 3 and "sum of the 2 strata" in total.note
    half = ((5.0 - 1.0) ** 2 + (14.0 - 6.0) ** 2) ** 0.5 / 2  # the strata's interval half-widths, added in quadrature
    assert total.upper == pytest.approx(13.0 + half, rel=1e-6)
    assert [e.stratum for e in shares(estimated, save=False).estimates if e.party == "ISIS"] == ["ISIS"]


def test_health_target_from_another_source_counts_and_report_summary_agrees(sqlite_store):
    from hisab.report.data import gather

    load_seed(sqlite_store)
    make_records(sqlite_store, [{"person": 1}])
    ids = _incidents(sqlite_store, [{"origin": "syrianarchive-cw", "targets": ["hospital"]},
                                    {"origin": "syrianarchive-cw", "targets": ["market"]}, WHO])
    add_attribution(sqlite_store, incident_id=ids[0], actors=["sy-air-force"], confidence="confirmed")
    a = shares(sqlite_store).health_care.attacks
    assert a.persons == 2 and a.party("Syrian government forces").lower_n == 1 and a.unattributed_n == 1
    assert gather(sqlite_store).incidents["health_care"] == 2
