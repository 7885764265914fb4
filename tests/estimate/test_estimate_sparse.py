"""SparseMSE stepwise, identifiability and BCa against R's outputs (sparsemse_*.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from hisab.estimate import SparseMSE, read_capture_csv
from hisab.estimate.bootstrap import bca_limits, jackknife_acceleration
from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.identify import check_model, count_triples
from hisab.estimate.sparse import fit_terms, stepwise
from hisab.shared import shared_dir

ORACLE = shared_dir() / "reference/mse/r-oracle"


def table(shared, name):
    return read_capture_csv(shared("kosovo/kosovo.csv" if name == "kosovo" else f"mse-benchmarks/{name}.csv"))


def oracle(name):
    path = ORACLE / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    return pd.read_csv(path)


def test_points_intervals_and_terms_match_r(shared):
    rows = oracle("sparsemse_point.csv")
    for _, r in rows.iterrows():
        h = table(shared, r["dataset"])
        sf = stepwise(h) if r["method"] == "stepwise" else fit_terms(h, [])
        assert sf.point == pytest.approx(r["point"], rel=1e-6), r["dataset"]
        assert sf.lower == pytest.approx(r["lo95"], rel=1e-4)
        assert sf.upper == pytest.approx(r["hi95"], rel=1e-4)
        assert sf.glm.deviance == pytest.approx(r["deviance"], rel=1e-6)
        assert sf.aic == pytest.approx(r["aic_adj"], rel=1e-6)
        assert sf.term_names(h.lists) == ("" if pd.isna(r["terms"]) else r["terms"])
    assert len(rows) == 14


def test_headline_figures(shared):
    assert SparseMSE().fit(table(shared, "SparseMSE_UKdat_5")).estimate == pytest.approx(11312.99, rel=1e-6)
    assert SparseMSE().fit(table(shared, "SparseMSE_UKdat")).estimate == pytest.approx(11417.99, rel=1e-6)
    kos = SparseMSE().fit(table(shared, "kosovo"))
    assert kos.estimate == pytest.approx(14341.6638, rel=1e-6)
    assert kos.model == "ABA:OSCE + OSCE:HRW + EXH:OSCE + EXH:ABA + EXH:HRW"


def test_artificial_3_all_two_way_is_not_identifiable(shared):
    h = table(shared, "SparseMSE_Artificial_3")
    assert count_triples(h) == 0
    ident = check_model(h, [(0, 1), (0, 2), (1, 2)])
    assert not ident.identifiable and ident.ierr >= 2
    res = SparseMSE(method="fixed", terms=["A:B", "A:C", "B:C"]).fit(h)
    assert res.estimate is None
    assert res.status.startswith("not identifiable")
    assert "no three lists overlap pairwise" in res.status
    assert "A:C, B:C" in res.status
    step = SparseMSE().fit(h)
    assert any("not identifiable" in w for w in step.warnings)


def test_bca_exact_given_r_replicates(shared):
    est = SparseMSE()
    for seed in ("1", "2", "1234"):
        for _, r in oracle(f"sparsemse_bca_{seed}.csv").iterrows():
            h = table(shared, r["dataset"])
            ahat = jackknife_acceleration(h, lambda t: est.point_fit(t).point)
            assert ahat == pytest.approx(r["ahat"], rel=1e-6)
            reps = oracle(f"sparsemse_bootreps_{r['dataset']}_{seed}.csv").iloc[:, 0].to_numpy()
            lims = bca_limits(reps, r["point"], r["ahat"], (0.025, 0.975, 0.05, 0.95))
            want = [r["bca_025"], r["bca_975"], r["bca_05"], r["bca_95"]]
            assert list(lims) == pytest.approx(want, rel=1e-9)


def test_bootstrap_is_seeded_and_brackets_the_point(shared):
    h = table(shared, "SparseMSE_Western")
    a = SparseMSE(nboot=40, seed=7).fit(h)
    b = SparseMSE(nboot=40, seed=7).fit(h)
    assert a.interval == b.interval and a.lower < a.estimate < a.upper
    assert a.details["interval"] == "BCa bootstrap"


@pytest.mark.parametrize("kw", [{"method": "bogus"}, {"pthresh": 2}, {"nboot": -1},
                                {"method": "fixed", "terms": ["A:Z"]}])
def test_bad_options(shared, kw):
    with pytest.raises(EstimateOptionError):
        SparseMSE(**kw).fit(table(shared, "SparseMSE_Western"))


def test_main_effects_without_mle_is_a_status():
    from hisab.estimate import CaptureHistories

    # every person is on exactly one list: no overlap at all, the estimate does not exist
    h = CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [10, 12, 9])
    res = SparseMSE(method="main").fit(h)
    assert res.estimate is None and "does not exist" in res.status
