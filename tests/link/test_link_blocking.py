"""Blocking: the fallback keys for mistyped names and dates, and the pair budgets that bound them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hisab.link.engine import TOTAL_BUDGETS, bounded_rules
from hisab.link.features import prepare
from hisab.link.settings import blocking_keys


def test_birth_year_key_comes_from_the_date_of_birth() -> None:
    feats = prepare(pd.DataFrame({"unique_id": ["1", "2", "3"], "given": ["Sami", "Sami", "Rami"],
                                  "dob": ["1990-03-04", "1990-04-03", None]}))
    assert feats["dob_year"].tolist()[:2] == ["1990", "1990"]
    assert pd.isna(feats["dob_year"].iloc[2])
    assert ("given_k", "dob_year") in blocking_keys(set(feats.columns))


def test_day_and_month_mistyped_pair_is_blocked_on_given_name_and_birth_year() -> None:
    feats = prepare(pd.DataFrame({"unique_id": ["1", "2"], "given": ["Sami", "Sami"], "family": ["Haddad", "Hadad"],
                                  "dob": ["1990-03-04", "1990-04-03"]}))
    rules, stats = bounded_rules(feats, None)
    assert 'l."given_k" = r."given_k" AND l."dob_year" = r."dob_year"' in rules
    assert stats["rule_pairs"]["given_k+dob_year"] == 1


def test_death_month_keys_apply_to_lists_with_dates_of_death() -> None:
    cols = {"given_k", "father_k", "family_k", "dod_month", "dod_year", "place_k"}
    keys = blocking_keys(cols)
    for key in (("given_k", "father_k", "dod_month"), ("given_k", "father_k", "place_k"),
                ("family_k", "dod_month"), ("father_k", "family_k", "dod_year")):
        assert key in keys


def test_rules_past_the_total_budget_are_left_out_in_order() -> None:
    # 6 records: given+family blocks all 6 (15 pairs), the date rule blocks all 6 as well (15 pairs)
    feats = prepare(pd.DataFrame({"unique_id": [str(i) for i in range(6)], "given": ["Sami"] * 6,
                                  "family": ["Haddad"] * 6, "dob": ["1990-03-04"] * 6}))
    budget = 15
    rules, stats = bounded_rules(feats, budget)
    assert stats["total_budget"] == int(TOTAL_BUDGETS * budget)
    counts = stats["rule_pairs"]
    kept_total = sum(n for k, n in counts.items() if k not in stats["dropped"])
    assert kept_total <= TOTAL_BUDGETS * budget
    assert len(rules) == int(TOTAL_BUDGETS)  # each rule counts 15: only the first two fit in 30
    assert list(counts)[:2] == [k for k in counts if k not in stats["dropped"]]


def test_a_rule_above_the_per_rule_budget_is_left_out_and_reported() -> None:
    feats = prepare(pd.DataFrame({"unique_id": [str(i) for i in range(6)], "given": ["Sami"] * 6,
                                  "family": [f"F{i}" for i in range(6)], "dob": ["1990-03-04"] * 6}))
    rules, stats = bounded_rules(feats, 10)  # dob alone blocks 15 pairs
    assert "dob" in stats["dropped"]
    assert 'l."dob" = r."dob"' not in rules


def test_prediction_blocks_on_integer_codes_with_the_same_pairs(two_lists, monkeypatch):
    """Splink joins on integer codes of the text keys (`engine._key_codes`): the same pairs as on the text."""
    from hisab.link import engine, link_records

    records, _ = two_lists
    coded = link_records(records, seed=1, one_to_one=False)
    monkeypatch.setattr(engine, "_key_codes", lambda values, rules: {})
    text = link_records(records, seed=1, one_to_one=False)
    key = ["unique_id_l", "unique_id_r"]
    a, b = coded.pairs.sort_values(key).reset_index(drop=True), text.pairs.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[key], b[key])
    assert np.allclose(a["match_weight"], b["match_weight"], rtol=0, atol=1e-9)
    assert coded.model["blocking_rules_to_generate_predictions"] == text.model["blocking_rules_to_generate_predictions"]


def test_missing_keys_get_no_code_and_never_match():
    from hisab.link.engine import _key_codes, _on_codes
    from hisab.link.prune import ValueCodes

    feats = pd.DataFrame({"given_k": pd.array(["a", None, "a", None], dtype="string[pyarrow]"),
                          "age": pd.array([1, 2, 1, None], dtype="Int64")})
    rule = 'l."given_k" = r."given_k" AND l."age" = r."age"'
    codes = _key_codes(ValueCodes(feats), [rule, "1 = 1"])
    assert list(codes) == ["given_k__code"]  # numbers are compared as they are
    values = codes["given_k__code"]
    assert values[0] == values[2] and pd.isna(values[1]) and pd.isna(values[3])
    assert _on_codes(rule, codes) == 'l."given_k__code" = r."given_k__code" AND l."age" = r."age"'
    assert _on_codes({"blocking_rule": rule}, codes) == {"blocking_rule": rule}  # not a plain rule: as it is
