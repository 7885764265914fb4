"""Hierarchical log-linear search against Rcapture's closedpMS.t (maxorder 2) on kosovo and HIV."""

from __future__ import annotations

import pandas as pd
import pytest

from hisab.estimate import LogLinearSearch, read_capture_csv
from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.hierarchical import fit_all
from hisab.shared import shared_dir


def key(name: str) -> frozenset[str]:
    return frozenset(name.strip("[]").split(","))


@pytest.mark.parametrize("dataset,path", [("kosovo", "kosovo/kosovo.csv"),
                                          ("Rcapture_HIV", "mse-benchmarks/Rcapture_HIV.csv")])
def test_all_64_models_match_r(shared, dataset, path):
    oracle = shared_dir() / f"reference/mse/r-oracle/rcapture_MS_{dataset}.csv"
    if not oracle.exists():
        pytest.skip("r-oracle not found")
    rows = pd.read_csv(oracle)
    models = {key(m.name): m for m in fit_all(read_capture_csv(shared(path)))}
    assert len(models) == len(rows) == 64
    for _, r in rows.iterrows():
        m = models[key(r["model"])]
        for col, attr in [("abundance", "abundance"), ("stderr", "stderr"), ("deviance", "deviance"),
                          ("AIC", "aic"), ("BIC", "bic"), ("df", "df")]:
            assert getattr(m, attr) == pytest.approx(r[col], rel=1e-6), (r["model"], col)


def test_kosovo_bic_choice_equals_r(shared):
    res = LogLinearSearch().fit(read_capture_csv(shared("kosovo/kosovo.csv")))
    assert key(res.model) == key("[12,13,14,23,34]")
    assert res.estimate == pytest.approx(14341.6638004271, rel=1e-6)


def test_bad_criterion(shared):
    with pytest.raises(EstimateOptionError):
        LogLinearSearch(criterion="DIC").fit(read_capture_csv(shared("kosovo/kosovo.csv")))


def test_six_lists_says_why(shared):
    res = LogLinearSearch().fit(read_capture_csv(shared("mse-benchmarks/SparseMSE_Ned.csv")))
    assert not res.ok and "limited to 5 lists" in res.status
