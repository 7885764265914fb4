"""The fast paths that make a million records link in minutes give the same answers as the plain ones.

Names are parsed in one batch (`parse_names`), features are computed once per distinct value, and the
dearest comparison (`damerau_levenshtein`) sits behind a length test: each is checked against the
straightforward computation it replaces.
"""

from __future__ import annotations

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
    from hisab.link.settings import build_settings

    records, _ = two_lists
    lean = link_records(records, seed=1)
    assert lean.settings["retain_matching_columns"] is False
    full_settings = build_settings(list(prep(records).columns), lean.settings["link_type"])
    full_settings["blocking_rules_to_generate_predictions"] = lean.settings["blocking_rules_to_generate_predictions"]
    full_settings["retain_matching_columns"] = True
    full = link_records(records, seed=1, settings=full_settings)
    key = ["unique_id_l", "unique_id_r"]
    a = lean.pairs.sort_values(key).reset_index(drop=True)
    b = full.pairs.sort_values(key).reset_index(drop=True)[a.columns]
    assert any(c.startswith("level_") for c in a.columns)
    pd.testing.assert_frame_equal(a, b)
