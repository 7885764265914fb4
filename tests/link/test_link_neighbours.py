"""Neighbour blocking: each record compared with its most similar records, within the pair budget."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hisab.link.engine import link_records, neighbour_budget
from hisab.link.errors import LinkInputError
from hisab.link.evaluate import blocked_pair_counts
from hisab.link.features import prepare
from hisab.link.neighbours import (
    COLUMN,
    SETTINGS_KEY,
    attach_neighbours,
    neighbour_column,
    neighbour_pairs,
    neighbour_rule,
)

FIRST = ["Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George", "Mia", "Noah", "Ivy", "Leo", "Rosie"]
LAST = ["Walker", "Turner", "Hughes", "Parker", "Cooper", "Morris", "Bailey", "Bennett", "Harris", "Fisher"]


def _people(n: int = 120, seed: int = 5) -> pd.DataFrame:
    """`n` records of about two thirds as many people: a third are entered twice, with a typo."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        if i % 3 == 2:  # a second record of the previous person, one letter dropped from the family name
            rows.append({**rows[-1], "unique_id": f"p{i}", "family": rows[-1]["family"][:-1]})
            continue
        rows.append({"unique_id": f"p{i}", "given": FIRST[rng.integers(len(FIRST))],
                     "family": LAST[rng.integers(len(LAST))],
                     "dob": f"{rng.integers(1940, 2015)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}",
                     "place": ["Leeds", "York", "Bath", "Derby"][rng.integers(4)]})
    return pd.DataFrame(rows)


def _pairs_of(feats: pd.DataFrame, pairs: np.ndarray) -> set[tuple[str, str]]:
    ids = feats["unique_id"].to_numpy()
    return {tuple(sorted((ids[a], ids[b]))) for a, b in pairs}


def test_a_pair_with_every_key_damaged_is_found_among_neighbours() -> None:
    # Given and family swapped, a typo in each, the date of birth a day and a month off: no equality
    # rule blocks the pair, but as a whole the two records are still the closest to each other.
    people = _people()
    extra = pd.DataFrame([
        {"unique_id": "x1", "given": "Bartholomew", "family": "Quennell", "dob": "1961-03-14", "place": "Leeds"},
        {"unique_id": "x2", "given": "Quenell", "family": "Bartholomeu", "dob": "1961-04-15", "place": "Leeds"},
    ])
    feats = prepare(pd.concat([people, extra], ignore_index=True))
    found = _pairs_of(feats, neighbour_pairs(feats, k=3))
    assert ("x1", "x2") in found


def test_at_most_k_neighbours_a_record_and_no_self_pairs() -> None:
    feats = prepare(_people())
    pairs = neighbour_pairs(feats, k=4)
    assert len(pairs) <= 4 * len(feats)
    assert (pairs[:, 0] < pairs[:, 1]).all()  # each pair once, smaller position first
    assert len(np.unique(pairs, axis=0)) == len(pairs)
    assert (pairs[:, 0] != pairs[:, 1]).all()


def test_the_same_pairs_on_every_run() -> None:
    feats = prepare(_people())
    assert np.array_equal(neighbour_pairs(feats, k=5), neighbour_pairs(feats, k=5))


def test_linking_two_lists_pairs_only_across_them() -> None:
    people = _people(80)
    people["source_dataset"] = ["a" if i % 2 else "b" for i in range(len(people))]
    feats = prepare(people)
    pairs = neighbour_pairs(feats, k=3, link_only=True)
    source = feats["source_dataset"].to_numpy()
    assert len(pairs) and (source[pairs[:, 0]] != source[pairs[:, 1]]).all()


def test_records_with_nothing_in_common_are_not_neighbours() -> None:
    feats = prepare(pd.DataFrame({"unique_id": ["1", "2"], "given": ["Xq", "Zv"], "dob": ["1950-01-02", "2001-11-30"]}))
    assert len(neighbour_pairs(feats, k=3)) == 0


def test_neighbour_column_lists_each_records_pairs() -> None:
    col = neighbour_column(np.array([[0, 1], [0, 2], [1, 2]]), 4)
    assert [list(v) for v in col] == [[0, 1], [0, 2], [1, 2], []]


def test_blocking_measure_counts_the_neighbour_pairs_once() -> None:
    feats = prepare(_people(60))
    settings = {SETTINGS_KEY: 3}
    n = attach_neighbours(feats, settings, "dedupe_only")
    truth = pd.Series(feats["unique_id"].to_numpy(), index=feats["unique_id"])  # everyone distinct
    block = blocked_pair_counts(feats, [neighbour_rule()], truth, "dedupe_only")
    assert block["comparisons"] == n
    assert block["true_pairs"] == 0 and block["blocking_recall"] == 1.0


def test_reachable_recall_counts_pairs_joined_through_another_record() -> None:
    # a~b and b~c are blocked (same family name), a~c is not: direct recall 2/3, reachable 3/3
    feats = prepare(pd.DataFrame({"unique_id": ["a", "b", "c"], "given": ["Mary", "Marie", "Mari"],
                                  "family": ["Smith", "Smith", "Smyth"], "dob": [None, "1990-01-01", "1990-01-01"]}))
    truth = pd.Series(["p", "p", "p"], index=["a", "b", "c"])
    block = blocked_pair_counts(feats, ['l."family_n" = r."family_n"', 'l."dob" = r."dob"'], truth, "dedupe_only")
    assert block["blocking_recall"] == pytest.approx(2 / 3)
    assert block["reachable_recall"] == 1.0


def test_budget_gives_fewer_neighbours_or_none() -> None:
    stats = {"rule_pairs": {"a": 900}, "dropped": [], "total_budget": 1000}
    assert neighbour_budget(50, 10, stats) == 2  # (1000 - 900) // 50
    assert stats["neighbours_reduced"] == "pair budget"
    stats = {"rule_pairs": {"a": 990}, "dropped": [], "total_budget": 1000}
    assert neighbour_budget(50, 10, stats) == 0 and stats["neighbours_skipped"] == "pair budget"
    stats = {"rule_pairs": {"a": 990, "b": 10**9}, "dropped": ["b"], "total_budget": 10**6}
    assert neighbour_budget(50, 10, stats) == 10  # a dropped rule takes nothing from the budget
    assert neighbour_budget(50, 0, stats) == 0


def test_bad_neighbour_count_is_refused() -> None:
    with pytest.raises(LinkInputError, match="neighbours must be 0 or more"):
        link_records(_people(20), neighbours=-1)
    with pytest.raises(LinkInputError, match="neighbours must be 0 or more"):  # with saved settings too
        link_records(_people(20), neighbours=-1, settings={"blocking_rules_to_generate_predictions": []})


def test_saved_settings_without_the_neighbour_count_are_refused() -> None:
    people = _people(40)
    result = link_records(people, seed=1)
    assert result.settings[SETTINGS_KEY] > 0
    assert neighbour_rule() in result.settings["blocking_rules_to_generate_predictions"]
    broken = {k: v for k, v in result.settings.items() if k != SETTINGS_KEY}
    with pytest.raises(LinkInputError, match=SETTINGS_KEY):
        link_records(people, seed=1, settings=broken)


def test_a_saved_run_repeats_with_the_same_neighbour_pairs() -> None:
    people = _people(60)
    first = link_records(people, seed=1)
    again = link_records(people, seed=1, settings=first.settings)
    assert again.stats["blocking"]["rule_pairs"]["neighbours"] == first.stats["blocking"]["rule_pairs"]["neighbours"]
    pd.testing.assert_series_equal(first.clusters.sort_index(), again.clusters.sort_index())
    assert COLUMN not in people.columns  # the caller's frame is left as it was


def test_no_neighbours_when_asked_for_none() -> None:
    result = link_records(_people(40), seed=1, neighbours=0)
    assert result.settings[SETTINGS_KEY] == 0
    assert neighbour_rule() not in result.settings["blocking_rules_to_generate_predictions"]
    assert "neighbours" not in result.stats["blocking"]["rule_pairs"]
