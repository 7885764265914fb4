"""Rcapture `closedp` models against R's outputs (r-oracle/rcapture_closedp.csv), to relative 1e-6."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from hisab.estimate import ClosedP, read_capture_csv
from hisab.estimate.closedp import read_frequency_csv
from hisab.estimate.errors import CaptureDataError

FILES = {"kosovo": "kosovo/kosovo.csv"}
COLUMNS = [("abundance", "abundance"), ("stderr", "stderr"), ("deviance", "deviance"), ("AIC", "aic"),
           ("BIC", "bic"), ("df", "df"), ("infoFit", "info_fit")]


def table_path(shared, name: str):
    return shared(FILES.get(name, f"mse-benchmarks/{name}.csv"))


@pytest.fixture(scope="module")
def oracle():
    from hisab.shared import shared_dir

    path = shared_dir() / "reference/mse/r-oracle/rcapture_closedp.csv"
    if not path.exists():
        pytest.skip("r-oracle not found")
    return pd.read_csv(path)


def _fit(shared, dataset: str, fun: str):
    if fun == "closedp.0(t=Inf)":
        return ClosedP(kind="0", t=math.inf).fit(read_frequency_csv(table_path(shared, dataset)))
    return ClosedP(kind="t" if fun == "closedp.t" else "0").fit(read_capture_csv(table_path(shared, dataset)))


def test_every_closedp_row_matches_r(shared, oracle):
    checked_rows = 0
    for (dataset, fun), rows in oracle.groupby(["dataset", "fun"]):
        res = _fit(shared, dataset, fun)
        for _, r in rows.iterrows():
            m = res.model(r["model"])
            for col, attr in COLUMNS:
                got, want = getattr(m, attr), r[col]
                assert got == pytest.approx(want, rel=1e-6, abs=1e-9), (dataset, fun, r["model"], col)
            checked_rows += 1
    assert checked_rows == len(oracle) == 90


def test_kosovo_m0_and_hiv_chao(shared):
    kos = ClosedP().fit(read_capture_csv(table_path(shared, "kosovo")))
    assert kos.model("M0").abundance == pytest.approx(7608.36764386632, rel=1e-6)
    hiv = ClosedP(kind="0").fit(read_capture_csv(table_path(shared, "Rcapture_HIV")))
    assert hiv.model("Mh Chao (LB)").abundance == pytest.approx(12145.1478381308, rel=1e-6)


def test_negative_behavioural_estimates_are_flagged_not_reported(shared):
    res = ClosedP().fit(read_capture_csv(table_path(shared, "dga_madigan_york_3list")))
    by_model = {r.model: r for r in res.results}
    for name in ("Mb", "Mbh"):
        r = by_model[name]
        assert r.estimate is None and r.lower is None and r.upper is None
        assert "below the observed" in r.status
    assert by_model["M0"].ok and by_model["M0"].estimate == pytest.approx(860.250738783638, rel=1e-6)
    assert res.estimate is not None and res.estimate > 626
    ukd = ClosedP().fit(read_capture_csv(table_path(shared, "SparseMSE_UKdat_5")))
    assert not {r.model: r for r in ukd.results}["Mb"].ok


def test_chao_collapses_to_m0_with_three_lists(shared):
    res = ClosedP().fit(read_capture_csv(table_path(shared, "dga_madigan_york_3list")))
    assert res.model("Mh Chao (LB)").removed == ("eta3",)
    assert res.model("Mh Chao (LB)").abundance == pytest.approx(res.model("M0").abundance, rel=1e-12)


def test_two_lists_fit_only_m0_mt_mb():
    from hisab.estimate import CaptureHistories

    h = CaptureHistories.from_arrays([[1, 0], [0, 1], [1, 1]], [50, 40, 10])
    res = ClosedP().fit(h)
    assert [m.name for m in res.models] == ["M0", "Mt", "Mb"]
    mt = res.model("Mt")
    assert mt.abundance == pytest.approx(60 * 50 / 10, rel=1e-6)  # Lincoln-Petersen


def test_bad_kind_and_bad_frequencies():
    with pytest.raises(CaptureDataError, match="kind"):
        ClosedP(kind="x").fit([1, 2])
    with pytest.raises(CaptureDataError, match="non-negative"):
        ClosedP(kind="0").fit([3, -1])
    with pytest.raises(CaptureDataError, match="expected capture histories"):
        ClosedP(kind="t").fit([3, 1])


def test_no_overlap_gives_statuses_not_numbers():
    from hisab.estimate import CaptureHistories

    h = CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [10, 12, 9])
    res = ClosedP().fit(h)
    for r in res.results:
        assert r.estimate is None or (math.isfinite(r.estimate) and r.estimate >= 31)
    assert any(not r.ok for r in res.results)
