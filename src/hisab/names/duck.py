"""DuckDB functions over names: `register_duckdb(con)` adds name_key, name_form and name_similarity.

The functions are vectorised (they receive Arrow chunks), so a query such as
`SELECT name_similarity(l.name, r.name) FROM pairs` scores a whole chunk in one call. For repeated
comparisons it is faster to store `name_form(name)` once per record and compare with
`name_similarity_forms(l.form, r.form)`. Forms and keys are ASCII, so DuckDB's own jaro_winkler and
levenshtein (which count UTF-8 bytes) also give code-point-correct answers on them.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from hisab.names.key import name_key
from hisab.names.similarity import name_form, name_similarity_batch

__all__ = ["register_duckdb"]


def _map(fn: Any):
    def udf(values: pa.Array) -> pa.Array:
        return pa.array([None if v is None else fn(v) for v in values.to_pylist()], type=pa.string())

    return udf


def _similarity(forms: bool):
    def udf(left: pa.Array, right: pa.Array) -> pa.Array:
        return pa.array(name_similarity_batch(left, right, forms=forms), type=pa.float64())

    return udf


def register_duckdb(con: Any) -> Any:
    """Register name_key, name_form, name_similarity and name_similarity_forms on a DuckDB connection.

    Returns the connection. Nulls in give null keys/forms and a similarity of 0.
    """
    import duckdb

    if not isinstance(con, duckdb.DuckDBPyConnection):
        from hisab.names.errors import NamesInputError

        raise NamesInputError(f"con: expected a duckdb connection, got {type(con).__name__}")
    varchar, double = duckdb.sqltype("VARCHAR"), duckdb.sqltype("DOUBLE")
    for name, fn in (("name_key", name_key), ("name_form", name_form)):
        con.create_function(name, _map(fn), [varchar], varchar, type="arrow", null_handling="special")
    for name, forms in (("name_similarity", False), ("name_similarity_forms", True)):
        con.create_function(name, _similarity(forms), [varchar, varchar], double, type="arrow",
                            null_handling="special")
    return con
