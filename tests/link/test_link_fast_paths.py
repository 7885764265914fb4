"""The fast paths that make a million records link in minutes give the same answers as the plain ones.

Names are parsed in one batch (`parse_names`), features are computed once per distinct value, and the
dearest comparison (`damerau_levenshtein`) sits behind a length test: each is checked against the
straightforward computation it replaces.
"""

from __future__ import annotations

import multiprocessing

import duckdb
import numpy as np
import pandas as pd
import pytest

from hisab.link.features import prepare
from hisab.link.settings import one_typo
from hisab.names import name_key, parse_name
from hisab.names.parse import parse_names

NAMES = [
    "محمد أحمد علي الحسن", "محمد عبد الرحمن الأحمد", "محمد بن عبد الله", "أبو علي خالد", "نور الدين محمد",
    "عبد الله", "فاطمة بنت محمد حسن", "مُحَمَّد   أحمد", "ﻻمع سعيد", "محمد، أحمد", "محمد ـ أحمد", "بن",
    "Mohammad Abd al-Rahman Al-Ahmad", "Abd al-Rahman bin Khalid", "Smith, John", "Abu Ali", "Nur el Din Omar",
    "al Hassan", "john  smith  jr", "Mohammed ibn Saeed al Hariri el Din", "x", "", "   ", "bin bin",
    "Ahmad\u00a0Ali", "Abdel Rahman el-Sayyed", "Sa'id Abdullah", "عبدالله محمد علي حسن خليل الأسد",
    "Ann Smith", "Ed Jones Ash", "Mohammed ash Shami", "Omar an-Nur Khalil", "as", "Ann ann Smith",
]


def _tuple(p):
    return p.given, p.father, p.grandfather, p.family, p.parts


def test_parse_names_equals_parse_name():
    table = parse_names(NAMES)
    for i, name in enumerate(NAMES):
        start, count = table.first[i], table.count[i]
        got = (table.given[i], table.father[i], table.grandfather[i], table.family[i],
               tuple(table.parts[start:start + count]))
        assert got == _tuple(parse_name(name)), name


def test_parse_names_empty_and_bad_input():
    table = parse_names([])
    assert len(table.given) == 0 and len(table.parts) == 0
    with pytest.raises(Exception, match="expected a string"):
        parse_names(["محمد", None])  # type: ignore[list-item]


def test_one_typo_equals_damerau_levenshtein():
    rng = np.random.default_rng(5)
    alphabet = list("abcdمحدلي")
    words = ["".join(rng.choice(alphabet, size=rng.integers(0, 6))) for _ in range(400)]
    pairs = pd.DataFrame({"a_l": words, "a_r": words[1:] + words[:1]})
    pairs.loc[::7, "a_r"] = [w[:-1] for w in pairs.loc[::7, "a_l"]]  # many pairs one deletion apart
    pairs.loc[::11, "a_r"] = [w[1:2] + w[:1] + w[2:] for w in pairs.loc[::11, "a_l"]]  # transpositions
    con = duckdb.connect()
    con.register("pairs", pairs)
    fast_sql = one_typo("a_l", "a_r")
    sql = f'SELECT list(COALESCE({fast_sql}, false)), list(COALESCE(damerau_levenshtein("a_l", "a_r") <= 1, false)) FROM pairs'  # noqa: S608, E501
    fast, plain = con.execute(sql).fetchone()
    assert fast == plain
    assert sum(plain) > 50


def test_prepare_per_distinct_value_matches_per_record():
    rows = [("1", "محمد أحمد علي الحسن", "2013-01-02", "2013-01-02", "ذكر", "دوما"),
            ("2", "محمد أحمد علي الحسن", "2013-01-02", "2013-01-09", "male", "Douma"),
            ("3", "Mohammad Ahmad Ali al-Hassan", "2013-01-02", None, None, None),
            ("4", None, None, None, "F", " "),
            ("5", "  ", "20130105", "20130105", "female", "دوما")]
    df = pd.DataFrame(rows, columns=["unique_id", "name", "date_earliest", "date_latest", "sex", "place"])
    feats = prepare(df).set_index("unique_id")
    assert feats.loc["1", "dod"] == "2013-01-02"
    assert pd.isna(feats.loc["2", "dod"]) and feats.loc["2", "dod_month"] == "2013-01"
    assert pd.isna(feats.loc["3", "dod"])  # an open interval is not a day
    assert feats.loc["5", "dod"] == "2013-01-05"
    assert list(feats["sex"].fillna("-")) == ["m", "m", "-", "f", "f"]
    assert feats.loc["1", "place_k"] == feats.loc["2", "place_k"]
    assert pd.isna(feats.loc["4", "place"]) and pd.isna(feats.loc["4", "given_k"])
    assert pd.isna(feats.loc["5", "given_k"])
    assert feats.loc["1", "name_k"] == feats.loc["3", "name_k"]
    # the whole-name key is the name's skeletons, sorted: the same letters as name_key
    assert sorted(feats.loc["1", "name_k"]) == sorted(name_key("محمد أحمد علي الحسن"))


def test_predictions_without_compared_values_keep_levels_and_weights(two_lists):
    """Settings no longer keep both records' compared values in the predictions (`levels_kept`): the
    levels and weights of every pair are those of a run that keeps them."""
    from hisab.link import link_records
    from hisab.link.features import prepare as prep
    from hisab.link.neighbours import SETTINGS_KEY
    from hisab.link.settings import build_settings

    records, _ = two_lists
    lean = link_records(records, seed=1)
    assert lean.settings["retain_matching_columns"] is False
    full_settings = build_settings(list(prep(records).columns), lean.settings["link_type"])
    full_settings["blocking_rules_to_generate_predictions"] = lean.settings["blocking_rules_to_generate_predictions"]
    full_settings[SETTINGS_KEY] = lean.settings[SETTINGS_KEY]  # the same neighbour pairs
    full_settings["retain_matching_columns"] = True
    full = link_records(records, seed=1, settings=full_settings)
    key = ["unique_id_l", "unique_id_r"]
    a = lean.pairs.sort_values(key).reset_index(drop=True)
    b = full.pairs.sort_values(key).reset_index(drop=True)[a.columns]
    assert any(c.startswith("level_") for c in a.columns)
    pd.testing.assert_frame_equal(a, b)


def _richer(records: pd.DataFrame) -> pd.DataFrame:
    """The synthetic lists with dates, places and a second half that has no name and no place at all."""
    df = records.copy()
    n = len(df)
    df["date_earliest"] = [f"2013-0{1 + i % 9}-1{i % 10}" if i % 5 else None for i in range(n)]
    df["date_latest"] = df["date_earliest"]
    df["place"] = ["دوما" if i % 3 == 0 else ("Douma" if i % 3 == 1 else None) for i in range(n)]
    df.loc[n // 2:, ["name", "place"]] = None
    return df


@pytest.mark.parametrize("nameless_half", [False, True])
def test_prepare_split_across_processes_equals_one_pass(monkeypatch, two_lists, nameless_half):
    """Above `SPLIT_RECORDS` a forked child computes some of the features: the frame is that of one pass."""
    from hisab.link import features, forked

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method (Linux)")
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # whatever the cores and threads of this run
    records = _richer(two_lists[0]) if nameless_half else two_lists[0]
    monkeypatch.setattr(features, "SPLIT_RECORDS", 10**9)
    one = features.prepare(records)
    monkeypatch.setattr(features, "SPLIT_RECORDS", 10)
    calls = []
    real = forked.in_two
    monkeypatch.setattr(forked, "in_two", lambda fn, df, ids, share: calls.append(len(df)) or real(fn, df, ids, share))
    split = features.prepare(records)
    assert calls == [len(records)]
    pd.testing.assert_frame_equal(split, one)


def test_prepare_split_recomputes_when_the_child_fails(monkeypatch, two_lists):
    import os

    from hisab.link import features, forked

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method (Linux)")
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # whatever the cores and threads of this run
    records = two_lists[0]
    one = features.prepare(records)

    def dies(fn, df, ids, send):
        send.close()
        os._exit(1)

    monkeypatch.setattr(features, "SPLIT_RECORDS", 10)
    monkeypatch.setattr(forked, "_child", dies)
    pd.testing.assert_frame_equal(features.prepare(records), one)
    monkeypatch.setattr(forked, "_child", lambda fn, df, ids, send: send.send("ValueError('boom')"))
    pd.testing.assert_frame_equal(features.prepare(records), one)


def test_no_fork_while_other_threads_run():
    """A lock another thread holds at the fork stays held in the child: with threads, one pass here."""
    import threading

    from hisab.link import forked

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not forked.can_fork()
    finally:
        stop.set()
        worker.join()


@pytest.mark.parametrize("share", [0.0, 1.0, -0.5, 2.0])
def test_in_two_rejects_a_share_outside_zero_and_one(share):
    from hisab.link import forked

    frame = pd.DataFrame({"x": [1, 2]})
    with pytest.raises(ValueError, match="child_share"):
        forked.in_two(lambda df, ids: df, frame, frame["x"], share)


def _random_pairs(n: int, m: int) -> tuple[list[str], pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    ids = [f"r{i}" for i in range(n)]
    left, right = rng.integers(0, n, m), rng.integers(0, n, m)
    pairs = pd.DataFrame({"unique_id_l": np.array(ids)[left], "unique_id_r": np.array(ids)[right],
                          "match_weight": rng.normal(4, 6, m)})
    return ids, pairs, left, right


def test_clustering_on_positions_equals_clustering_on_ids():
    from hisab.link.constraints import cluster_pairs
    from hisab.link.threshold import clustered_threshold

    ids, pairs, left, right = _random_pairs(3000, 4000)
    chosen = clustered_threshold(ids, pairs)
    assert clustered_threshold(ids, pairs, positions=(left, right)) == chosen
    plain = cluster_pairs(ids, pairs, chosen)
    pd.testing.assert_series_equal(cluster_pairs(ids, pairs, chosen, positions=(left, right)), plain)
    cannot = [(ids[left[0]], ids[right[0]])]
    pd.testing.assert_series_equal(cluster_pairs(ids, pairs, chosen, cannot_link=cannot, positions=(left, right)),
                                   cluster_pairs(ids, pairs, chosen, cannot_link=cannot))


@pytest.mark.parametrize(("positions", "message"), [
    ((np.arange(3), np.arange(4)), "one entry per pair"),
    ((np.zeros(4), np.zeros(4)), "integers"),
    ((np.array([0, 1, 2, 10]), np.zeros(4, dtype=int)), "within the 10 records"),
    ((np.array([0, 1, 2, -1]), np.zeros(4, dtype=int)), "within the 10 records"),
])
def test_pair_positions_rejects_bad_positions(positions, message):
    from hisab.link.constraints import cluster_pairs
    from hisab.link.errors import LinkInputError
    from hisab.link.threshold import clustered_threshold

    ids, pairs, _, _ = _random_pairs(10, 4)
    with pytest.raises(LinkInputError, match=message):
        cluster_pairs(ids, pairs, 0.0, positions=positions)
    with pytest.raises(LinkInputError, match=message):
        clustered_threshold(ids, pairs, positions=positions)


def _plain_clustered_threshold(n: int, left, right, weights, grid) -> float:
    """The threshold search computed from scratch at every threshold: what the incremental one replaces."""
    from hisab.link.constraints import components

    prob = 1.0 / (1.0 + np.exp2(-np.clip(weights, -60, 60)))
    best, best_f1 = None, -1.0
    for t in grid:
        labels = components(n, left[weights >= t], right[weights >= t])
        sizes = np.bincount(labels, minlength=n).astype(np.float64)
        expected_tp = prob[labels[left] == labels[right]].sum()
        f1 = 2 * expected_tp / ((sizes * (sizes - 1) / 2).sum() + prob.sum())
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


@pytest.mark.parametrize("grid", [None, [3.0, -2.0, 7.0, 3.0, 0.5, 11.0, -6.0]])
def test_incremental_clustered_threshold_equals_plain_search(grid):
    from hisab.link.threshold import clustered_threshold

    for seed, (n, m) in enumerate([(400, 900), (2000, 2500), (50, 400)]):
        ids, pairs, left, right = _random_pairs(n, m)
        pairs["match_weight"] = np.random.default_rng(seed).normal(2, 7, m).round(1)
        weights = pairs["match_weight"].to_numpy()
        grid_used = np.arange(0.0, 16.0, 1.0) if grid is None else np.array(grid)
        got = clustered_threshold(ids, pairs, grid=None if grid is None else np.array(grid))
        if grid is None:  # the default grid runs from 0 to the 99th percentile (at most 16)
            top = min(max(float(np.quantile(weights, 0.99)), 1.0), 16.0)
            grid_used = np.arange(0.0, top, 1.0)
        assert got == _plain_clustered_threshold(n, left, right, weights, grid_used)
