"""Clustering under must-link / cannot-link, mutual best matches, threshold choice, pairwise scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hisab.link import LinkInputError, cluster_pairs, expected_f1_threshold, mutual_best, pairwise_scores


def _pairs(rows):
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_weight"])


def test_chain_clusters_above_threshold():
    pairs = _pairs([("a", "b", 10.0), ("b", "c", 8.0), ("c", "d", -2.0)])
    clusters = cluster_pairs(["a", "b", "c", "d"], pairs, 0.0)
    assert clusters["a"] == clusters["b"] == clusters["c"]
    assert clusters["d"] != clusters["a"]


def test_cannot_link_splits_a_chain_at_its_weakest_link():
    pairs = _pairs([("a", "b", 10.0), ("b", "c", 8.0)])
    clusters = cluster_pairs(["a", "b", "c"], pairs, 0.0, cannot_link=[("a", "c")])
    assert clusters["a"] == clusters["b"]
    assert clusters["c"] != clusters["a"]


def test_must_link_joins_below_threshold():
    pairs = _pairs([("a", "b", -20.0)])
    clusters = cluster_pairs(["a", "b", "c"], pairs, 0.0, must_link=[("a", "b"), ("b", "c")])
    assert clusters["a"] == clusters["b"] == clusters["c"]


def test_contradicting_decisions_are_an_error():
    with pytest.raises(LinkInputError, match="decided 'different'"):
        cluster_pairs(["a", "b", "c"], _pairs([]), 0.0, must_link=[("a", "b"), ("b", "c")],
                      cannot_link=[("a", "c")])


def test_decision_on_unknown_record_is_an_error():
    with pytest.raises(LinkInputError, match="not among the records"):
        cluster_pairs(["a"], _pairs([]), 0.0, must_link=[("a", "zz")])


def test_self_cannot_link_is_an_error():
    with pytest.raises(LinkInputError, match="itself"):
        cluster_pairs(["a"], _pairs([]), 0.0, cannot_link=[("a", "a")])


def test_mutual_best_keeps_each_record_once():
    pairs = _pairs([("a1", "b1", 9.0), ("a1", "b2", 5.0), ("a2", "b1", 7.0), ("a2", "b2", 6.0), ("a3", "b1", 1.0)])
    kept = mutual_best(pairs)
    assert set(zip(kept["unique_id_l"], kept["unique_id_r"], strict=True)) == {("a1", "b1")}


def test_expected_f1_threshold_separates_two_modes():
    weights = np.concatenate([np.full(50, 15.0), np.full(500, -6.0), [2.0, 3.0]])
    t = expected_f1_threshold(weights)
    assert 0.0 <= t <= 15.0
    assert expected_f1_threshold(np.array([])) == 0.0


def test_pairwise_scores_known_values():
    truth = pd.Series([1, 1, 1, 2], index=list("abcd"))
    pred = pd.Series([1, 1, 2, 2], index=list("abcd"))
    s = pairwise_scores(pred, truth)
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (3, 2, 1)
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)


def test_pairwise_scores_needs_same_records():
    with pytest.raises(LinkInputError, match="only one"):
        pairwise_scores(pd.Series([1], index=["a"]), pd.Series([1], index=["b"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(-30, 30)), max_size=25),
       st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=3))
def test_cannot_links_always_hold(edges, cannot):
    ids = [str(i) for i in range(8)]
    cannot = [(str(a), str(b)) for a, b in cannot if a != b]
    pairs = _pairs([(str(a), str(b), w) for a, b, w in edges if a != b])
    clusters = cluster_pairs(ids, pairs, 0.0, cannot_link=cannot)
    for a, b in cannot:
        assert clusters[a] != clusters[b]
    scores = pairwise_scores(clusters, clusters)
    assert scores.f1 == 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.floats(-30, 30)), max_size=30))
def test_mutual_best_is_one_to_one(edges):
    pairs = _pairs([(f"a{a}", f"b{b}", w) for a, b, w in edges]).drop_duplicates(["unique_id_l", "unique_id_r"])
    kept = mutual_best(pairs)
    assert not kept["unique_id_l"].duplicated().any()
    assert not kept["unique_id_r"].duplicated().any()
    for row in kept.itertuples():
        assert row.match_weight == pairs[pairs["unique_id_l"] == row.unique_id_l]["match_weight"].max()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.floats(-30, 30)), max_size=30))
def test_fast_components_match_union_find(edges):
    """The vectorised path (no cannot-link) and the union-find path give the same clusters."""
    ids = [str(i) for i in range(12)]
    pairs = _pairs([(str(a), str(b), w) for a, b, w in edges])
    fast = cluster_pairs(ids, pairs, 0.0)
    # an impossible cannot-link on a fresh record forces the union-find path without changing anything
    slow = cluster_pairs([*ids, "x", "y"], pairs, 0.0, cannot_link=[("x", "y")])
    assert (fast == slow.loc[ids]).all()
