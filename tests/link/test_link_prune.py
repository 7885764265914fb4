"""Blocked pairs whose weight bound is below the floor are dropped before scoring (`link.prune`): nothing
that prediction keeps may change, for every link type, with and without term frequencies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hisab.link import engine, link_records, load_records, prune
from hisab.link.features import prepare
from hisab.link.settings import build_settings


@pytest.fixture(scope="module")
def sim_records(tmp_path_factory, sim_store_maker):
    store, _ = sim_store_maker(tmp_path_factory.mktemp("prune_sim"), 900, 9)
    records = load_records(store)
    store.dispose()
    return records


def _unpruned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Score every blocked pair, as Splink does by itself."""
    monkeypatch.setattr(engine, "prune_and_register", lambda *args, **kwargs: {})


def _pairs(result) -> pd.Series:
    pairs = result.pairs
    return pd.Series(pairs["match_weight"].to_numpy(), index=pd.MultiIndex.from_arrays(
        [pairs["unique_id_l"], pairs["unique_id_r"]])).sort_index()


def _partition(clusters: pd.Series) -> set[frozenset[str]]:
    return {frozenset(group.index) for _, group in clusters.groupby(clusters)}


def _assert_same(pruned, full) -> None:
    a, b = _pairs(pruned), _pairs(full)
    assert a.index.equals(b.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=0, atol=1e-9)
    assert _partition(pruned.clusters) == _partition(full.clusters)
    assert pruned.threshold == full.threshold


def _both(records: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, **kwargs):
    pruned = link_records(records, seed=1, **kwargs)
    with monkeypatch.context() as m:
        _unpruned(m)
        full = link_records(records, seed=1, **kwargs)
    return pruned, full


def test_pruning_keeps_every_pair_weight_and_cluster_across_lists(sim_records, monkeypatch):
    pruned, full = _both(sim_records, monkeypatch)  # four lists: link and dedupe, text join keys
    _assert_same(pruned, full)
    counts = pruned.stats["pairs"]
    assert 0 < counts["scored_pairs"] < counts["blocked_pairs"]
    assert full.stats["pairs"] == {}  # the stub: Splink scored every blocked pair itself


def test_pruning_keeps_everything_in_one_list(sim_records, monkeypatch):
    _assert_same(*_both(sim_records.assign(source_dataset="all"), monkeypatch))


def test_pruning_keeps_everything_one_to_one(two_lists, monkeypatch):
    records, _ = two_lists
    _assert_same(*_both(records, monkeypatch, one_to_one=True))


def test_pruning_keeps_everything_without_term_frequencies(sim_records, monkeypatch):
    settings = build_settings(list(prepare(sim_records).columns), "link_and_dedupe")
    settings["neighbours_per_record"] = 0
    for comp in settings["comparisons"]:
        for level in comp["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    pruned, full = _both(sim_records, monkeypatch, settings=settings)
    _assert_same(pruned, full)
    assert pruned.stats["pairs"]["scored_pairs"] < pruned.stats["pairs"]["blocked_pairs"]


def test_a_comparison_with_too_many_values_counts_as_its_largest_weight(sim_records, monkeypatch):
    default = link_records(sim_records, seed=1)
    monkeypatch.setattr(prune, "MAX_VALUES", 1)  # no comparison is tabulated: a weaker bound
    pruned, full = _both(sim_records, monkeypatch)
    _assert_same(pruned, full)
    assert pruned.stats["pairs"]["scored_pairs"] >= default.stats["pairs"]["scored_pairs"]


class _Level:
    def __init__(self, weight: float | None) -> None:
        self._match_weight, self._has_tf_adjustments = weight, False
        self.is_null_level, self._is_else_level = False, True
        self.sql_condition, self.comparison_vector_value = "ELSE", 0


class _Comparison:
    def __init__(self, weight: float | None) -> None:
        self.comparison_levels, self.output_column_name = [_Level(weight)], "x"
        self._input_columns_used_by_case_statement = []


def test_an_untrained_level_keeps_every_pair():
    feats = pd.DataFrame({"unique_id": np.arange(3)})
    left, right = np.array([0, 0, 1], dtype=np.int32), np.array([1, 2, 2], dtype=np.int32)
    assert prune.kept(None, [_Comparison(None)], feats, left, right, -20.0, -8.0).all()
    assert not prune.kept(None, [_Comparison(5.0)], feats, left, right, -20.0, -8.0).any()  # -15 < -8
    assert prune.kept(None, [_Comparison(12.0)], feats, left, right, -20.0, -8.0).all()  # -8 reaches -8


def test_no_pairs_to_prune():
    keep = prune.kept(None, [_Comparison(1.0)], pd.DataFrame({"unique_id": [0]}), np.zeros(0, np.int32),
                      np.zeros(0, np.int32), -1.0, -8.0)
    assert keep.shape == (0,)


def test_dense_codes_number_combinations_by_first_appearance():
    dense, first = prune._dense(np.array([7, 3, 7, 9, 3]))
    assert dense.tolist() == [0, 1, 0, 2, 1]
    assert first.tolist() == [0, 1, 3]
