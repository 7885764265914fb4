"""dga's Bayesian model averaging against R (r-oracle/dga_bma.csv) and its graph counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hisab.estimate import DGA, CaptureHistories, read_capture_csv
from hisab.estimate.dga import negative_binomial_log_prior, posterior
from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.graphs import decomposable_graphs
from hisab.shared import shared_dir

MY3 = "mse-benchmarks/dga_madigan_york_3list.csv"
PATHS = {"kosovo": "kosovo/kosovo.csv", "MY3 default prior": MY3, "MY3 (doc, NB prior)": MY3}


def log_prior_of(label: str):
    """The oracle's prior column: "1/N" (dga's default) or "negbin(a,b)" (the man page's 3-list example)."""
    if label == "1/N":
        return None
    assert label.startswith("negbin(") and label.endswith(")"), label
    a, b = (float(v) for v in label[7:-1].split(","))
    return negative_binomial_log_prior(a, b)


def cliques(label: str) -> set[frozenset[str]]:
    return {frozenset(c) for c in label.split(",")}


def test_graph_counts():
    assert [len(decomposable_graphs(p)) for p in (3, 4, 5)] == [8, 61, 822]


def test_graphs_have_one_fewer_separator_than_cliques_when_connected():
    for g in decomposable_graphs(4):
        union = 0
        for c in g.cliques:
            union |= c
        assert union == 0b1111
        assert len(g.separators) <= len(g.cliques) - 1


def test_posterior_summaries_match_r(shared):
    path = shared_dir() / "reference/mse/r-oracle/dga_bma.csv"
    if not path.exists():
        pytest.skip("r-oracle not found")
    rows = pd.read_csv(path)
    assert len(rows) == 10 and (rows["prior"] != "1/N").sum() == 1  # every row, the NB-prior one included
    for _, r in rows.iterrows():
        h = read_capture_csv(shared(PATHS.get(r["dataset"], f"mse-benchmarks/{r['dataset']}.csv")))
        res = DGA(delta=r["delta"], min_missing=int(r["Nmiss_lo"]), max_missing=int(r["Nmiss_hi"]),
                  log_prior=log_prior_of(r["prior"])).fit(h)
        assert res.details["grid"] == [r["Nmiss_lo"], r["Nmiss_hi"]]
        d = res.details
        assert res.estimate == pytest.approx(r["post_mean"], rel=1e-6)
        assert (d["median"], d["mode"], res.lower, res.upper) == (
            r["post_median"], r["post_mode"], r["lo95"], r["hi95"])
        assert d["mass_last1pct"] == pytest.approx(r["mass_last1pct"], rel=1e-6)
        for k in (1, 2, 3):
            top = d["top_models"][k - 1]
            assert cliques(top["graph"]) == cliques(r[f"top{k}"])
            assert top["prob"] == pytest.approx(r[f"top{k}_prob"], rel=1e-6)
            assert top["mean"] == pytest.approx(r[f"top{k}_mean"], rel=1e-6)


def test_posterior_is_normalised_and_streaming_matches_dense():
    h = CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]],
                                     [30, 20, 25, 6, 5, 4, 2])
    post = posterior(h, 0.125, np.arange(2000))
    assert post.prob.sum() == pytest.approx(1.0)
    assert post.graph_prob.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("kw", [{"delta": 0}, {"delta": -1.0}, {"max_missing": 0},
                                {"min_missing": -1}, {"min_missing": 50, "max_missing": 50}, {"min_missing": 1.5}])
def test_bad_options(kw):
    h = CaptureHistories.from_arrays([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [3, 4, 5, 1])
    with pytest.raises(EstimateOptionError):
        DGA(**kw).fit(h)


@pytest.mark.parametrize(("a", "b"), [(0, 1.0), (1.0, -2.0)])
def test_negative_binomial_prior_needs_positive_parameters(a, b):
    with pytest.raises(EstimateOptionError, match="a > 0 and b > 0"):
        negative_binomial_log_prior(a, b)


def test_two_lists_rejected():
    h = CaptureHistories.from_arrays([[1, 0], [0, 1], [1, 1]], [3, 4, 1])
    with pytest.raises(EstimateOptionError, match="3 to 6"):
        DGA().fit(h)


def test_grid_too_short_is_a_status(shared):
    h = read_capture_csv(shared("kosovo/kosovo.csv"))
    res = DGA(max_missing=2000).fit(h)
    assert res.estimate is None and "raise max_missing" in res.status
