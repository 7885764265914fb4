"""Profile-likelihood intervals (Rcapture closedpCI.t) against r-oracle/rcapture_profileCI.csv."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest

from hisab.estimate import CaptureHistories, ClosedP, read_capture_csv
from hisab.estimate.errors import CaptureDataError

NAMES = {"Mh Chao": "Mh Chao (LB)"}  # closedpCI.t's row name -> closedp.t's
THREE = [p for p in itertools.product([0, 1], repeat=3) if any(p)]


@pytest.fixture(scope="module")
def oracle():
    from hisab.shared import shared_dir

    path = shared_dir() / "reference/mse/r-oracle/rcapture_profileCI.csv"
    if not path.exists():
        pytest.skip("r-oracle not found")
    return pd.read_csv(path)


def _table(shared, dataset):
    return read_capture_csv(shared("kosovo/kosovo.csv" if dataset == "kosovo" else f"mse-benchmarks/{dataset}.csv"))


def test_every_profile_row_matches_r(shared, oracle):
    checked = 0
    for dataset, rows in oracle.groupby("dataset"):
        res = ClosedP(profile=True).fit(_table(shared, dataset))
        for _, r in rows.iterrows():
            prof = res.model(NAMES.get(r["model"], r["model"])).profile
            assert prof is not None, (dataset, r["model"])
            assert prof.abundance == pytest.approx(r["abundance"], rel=1e-6), (dataset, r["model"])
            assert prof.lower == pytest.approx(r["infCL"], rel=1e-4), (dataset, r["model"])
            assert prof.upper == pytest.approx(r["supCL"], rel=1e-4), (dataset, r["model"])
            assert (prof.warnings == ()) == (r["infoCI"] == 0)
            checked += 1
    assert checked == len(oracle) == 12


def test_profile_sits_beside_the_log_normal_interval(shared):
    res = ClosedP(profile=True).fit(_table(shared, "kosovo"))
    m0 = next(r for r in res.results if r.model == "M0")
    keys = m0.to_dict()
    assert keys["interval"] == "log-normal on n0" and keys["lower"] == pytest.approx(7373.72, rel=1e-5)
    assert keys["profile_interval"].startswith("profile likelihood")
    assert keys["profile_lower"] == pytest.approx(7348.24334920535, rel=1e-6)
    assert keys["profile_estimate"] == pytest.approx(7606.68549931141, rel=1e-6)
    for r in res.results:  # behavioural models have no profile interval in Rcapture either
        assert ("profile_lower" in r.details) == (r.model not in ("Mb", "Mbh"))
    assert "profile_lower" not in ClosedP().fit(_table(shared, "kosovo")).results[0].details  # opt-in


def test_json_of_the_cli_carries_both_intervals(shared):
    from typer.testing import CliRunner

    from hisab.cli import app

    path = shared("kosovo/kosovo.csv")
    out = CliRunner().invoke(app, ["estimate", "--csv", str(path), "--method", "loglinear", "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["results"]
    mt = next(r for r in rows if r["model"] == "Mt")
    assert mt["profile_lower"] == pytest.approx(7147.74889204003, rel=1e-6)
    assert mt["profile_upper"] == pytest.approx(7656.19534808529, rel=1e-6)
    first = rows[0]  # the hierarchical (closedpMS) model: profiled with its design as closedpCI.t's mX
    assert first["model"] == "[12,13,14,23,34]" and first["interval"] == "log-normal on n0"
    assert first["profile_lower"] < first["profile_estimate"] < first["profile_upper"]
    assert first["profile_estimate"] == pytest.approx(first["estimate"], rel=0.01)  # multinomial vs Poisson N


def test_limits_outside_the_search_range_are_said_not_invented():
    weak = ClosedP(profile=True).fit(CaptureHistories.from_arrays(THREE, [30, 20, 1, 25, 1, 1, 0]))
    m0 = weak.model("M0")
    assert m0.profile is not None and m0.profile.upper is None
    assert any("upper limit is above" in w for w in m0.warnings)
    row = next(r for r in weak.results if r.model == "M0").to_dict()
    assert row["profile_upper"] is None and row["upper"] is not None
    tight = ClosedP(profile=True).fit(CaptureHistories.from_arrays(THREE, [3, 2, 2, 2, 2, 2, 2]))
    assert tight.model("M0").profile.lower == 15
    assert any("set to the observed count" in w for w in tight.model("M0").warnings)


def test_profile_only_for_full_histories():
    with pytest.raises(CaptureDataError, match="kind 't' only"):
        ClosedP(kind="0", profile=True).fit(CaptureHistories.from_arrays(THREE, [3, 2, 2, 2, 2, 2, 2]))


def test_a_result_without_an_estimate_shows_no_profile_numbers():
    from hisab.estimate.result import failed

    details = {"interval": "log-normal on n0", "profile_estimate": 10.0, "profile_lower": 9.0,
               "profile_upper": 11.0, "profile_interval": "profile likelihood (Rcapture closedpCI.t)"}
    r = failed("loglinear", "M0", 8, "glm did not converge", details=details)
    assert r.to_dict()["estimate"] is None and r.interval_keys() == {"interval": "log-normal on n0"}
