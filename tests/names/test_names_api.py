"""Bad inputs, the batch and DuckDB forms, transliteration and the shipped dictionary."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import hisab.names as names
from hisab.errors import UserError
from hisab.names import (
    NamesInputError,
    name_key,
    name_similarity,
    name_similarity_batch,
    normalize_arabic,
    normalize_latin,
    parse_name,
    register_duckdb,
    transliterate,
)


def test_public_api():
    for name in ("normalize_arabic", "normalize_latin", "parse_name", "NameParts", "transliterate",
                 "name_key", "name_similarity", "name_similarity_batch", "register_duckdb"):
        assert name in names.__all__


@pytest.mark.parametrize("fn", [normalize_arabic, normalize_latin, parse_name, transliterate, name_key])
@pytest.mark.parametrize("bad", [None, 3, 2.5, b"bytes", ["a"]])
def test_non_text_rejected(fn, bad):
    with pytest.raises(NamesInputError, match="expected a string"):
        fn(bad)


def test_names_error_is_user_error():
    assert issubclass(NamesInputError, UserError)


def test_unknown_level():
    with pytest.raises(NamesInputError, match="level: expected one of strict, loose, got 'medium'"):
        normalize_arabic("محمد", level="medium")


@pytest.mark.parametrize("limit", [0, -1, 1.5, True])
def test_bad_limit(limit):
    with pytest.raises(NamesInputError, match="limit"):
        transliterate("محمد", limit=limit)


def test_similarity_rejects_non_text():
    with pytest.raises(NamesInputError, match="b: expected a string"):
        name_similarity("Ali", None)


def test_empty_inputs():
    assert normalize_arabic("") == ""
    assert normalize_latin("   ") == ""
    assert name_key("") == ""
    assert transliterate("") == []
    assert name_similarity("", "") == 0.0
    assert parse_name("").parts == ()


def test_batch_matches_scalar_on_all_column_types():
    a = ["محمد علي حسن", "Maher al-Assad", "Sergei Shoigu", "Khaled Omar", ""]
    b = ["Mohammad Hasan", "ماهر الأسد", "Сергей Шойгу", "Mohammad Ali", "Ali"]
    expected = np.array([name_similarity(x, y) for x, y in zip(a, b, strict=True)])
    for left, right in ((a, b), (pd.Series(a), pd.Series(b)), (pa.array(a), pa.chunked_array([b]))):
        assert np.allclose(name_similarity_batch(left, right), expected)


def test_batch_missing_values_score_zero():
    out = name_similarity_batch(pd.Series(["Ali", None, math.nan]), pd.Series(["Ali", "Ali", "Ali"]))
    assert out.tolist() == [1.0, 0.0, 0.0]


def test_batch_on_precomputed_forms():
    forms = [names.name_form("Maher al-Assad")]
    assert name_similarity_batch(forms, [names.name_form("ماهر الأسد")], forms=True).tolist() == [1.0]


def test_batch_bad_inputs():
    with pytest.raises(NamesInputError, match="same length, got 2 and 1"):
        name_similarity_batch(["a", "b"], ["a"])
    with pytest.raises(NamesInputError, match="column a: expected a list"):
        name_similarity_batch("abc", ["a"])
    with pytest.raises(NamesInputError, match="column b, row 1: expected a name"):
        name_similarity_batch(["a", "b"], ["a", 7])
    assert name_similarity_batch([], []).shape == (0,)


def test_duckdb_functions():
    con = register_duckdb(duckdb.connect())
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('Maher al-Assad', 'ماهر الأسد'), "
                "('Rami Makhlouf', NULL)) v(a, b)")
    rows = con.execute("SELECT name_key(a), name_key(b), name_similarity(a, b), "
                       "name_similarity_forms(name_form(a), name_form(b)) FROM t").fetchall()
    assert rows[0] == ("mhrsd", "mhrsd", 1.0, 1.0)
    assert rows[1] == ("rmmklf", None, 0.0, 0.0)


def test_duckdb_bad_connection():
    with pytest.raises(NamesInputError, match="expected a duckdb connection"):
        register_duckdb("not a connection")


def test_transliterate_common_names():
    assert transliterate("محمد")[0] in {"mohammed", "mohammad", "muhammad", "mohamed"}
    spellings = transliterate("محمد")
    assert len(spellings) >= 3 and len(set(spellings)) == len(spellings)
    assert "yousef" in transliterate("يوسف") or "youssef" in transliterate("يوسف")


def test_transliterate_full_name_keeps_key():
    name = "محمد عبد الرحمن الأحمد"
    for spelling in transliterate(name)[:3]:
        assert name_key(spelling) == name_key(name)


def test_transliterate_unknown_word_uses_letter_model():
    out = transliterate("كزبرنيتو")  # invented word, not in the dictionary
    assert out and all(s.isascii() for s in out)


def test_dictionary_shipped_with_licence():
    from hisab.names._data import DATA_DIR, known_arabic_tokens

    assert len(known_arabic_tokens()) > 10_000
    for f in ("ORIGIN.md", "LICENSE-google-transliteration.txt", "LICENSE-palestine-datasets.txt"):
        assert (DATA_DIR / f).exists()
