"""Turn victim records into the comparison features the linkage model scores.

Every name feature comes from `hisab.names`: a name is split into its parts (given, father, grandfather,
family) and each part gets two forms. `*_n` is the normalised spelling (same script as the list), so two
Latin lists can tell "jon" from "john"; `*_k` is the cross-script consonant skeleton, equal for an Arabic
spelling and its romanisations and ASCII, so DuckDB's byte-level string distances are right on it.
Comparing parts, not one name string, is what lets the model charge a first-name mismatch heavily
while father, grandfather and family agree: on Arabic lists those pairs are mostly siblings.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from hisab.link import forked
from hisab.link.errors import LinkInputError
from hisab.names import name_form, name_key, normalize_arabic, normalize_latin
from hisab.names.parse import parse_names

__all__ = ["INPUT_COLUMNS", "PARTS", "prepare"]

PARTS = ("given", "father", "grand", "family")
"""Name parts compared one by one (grand = grandfather)."""

INPUT_COLUMNS = (
    "unique_id", "source_dataset", "name", "name_ar", "name_en", "given", "father", "family", "dob",
    "birth_year", "age", "age_group", "sex", "date_earliest", "date_latest", "place", "governorate",
    "place_pcode", "cause", "email", "id_number",
)
MIN_KNOWN = 0.02
"""Share of records that must hold a feature for it to be compared."""
SPLIT_RECORDS = 200_000
"""From this many records on, a second process computes the features of some of them (`forked.in_two`)."""
CHILD_SHARE = 0.45
"""Share of the records the child takes: a little under half, as it must also send its features back
(pickling and piping ~200 MB took ~0.7 s at 560,000 records)."""
_ARABIC = re.compile("[\u0600-\u06ff]")
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
"""pandas' own text dtype: every text feature has it, even when one half of a split holds no value."""
_SEX = {"m": "m", "male": "m", "f": "f", "female": "f", "ذكر": "m", "أنثى": "f", "انثى": "f"}


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Feature table for linkage from a frame with any of `INPUT_COLUMNS` (`unique_id` required).

    Unknown columns are an error (a typo would silently drop a feature). Returns one row per record
    with `unique_id`, `source_dataset` and the feature columns; a column that is empty everywhere is
    left out, so the settings only compare what the data holds. Every feature is computed once per
    distinct value (lists repeat names, places and dates heavily) and spread back to the records.
    """
    unknown = sorted(set(df.columns) - set(INPUT_COLUMNS))
    if unknown:
        raise LinkInputError(f"unknown input column(s) {unknown}; expected some of {list(INPUT_COLUMNS)}")
    if "unique_id" not in df.columns:
        raise LinkInputError("the records have no 'unique_id' column")
    ids = df["unique_id"].astype(str)
    if ids.duplicated().any():
        raise LinkInputError(f"unique_id {ids[ids.duplicated()].iloc[0]!r} occurs more than once")
    collect = gc.isenabled()
    gc.disable()  # millions of short-lived lists and tuples: the collector's passes cost ~20% here, freeing nothing
    try:
        if len(df) >= SPLIT_RECORDS and forked.can_fork():
            out = forked.in_two(_features, df, ids, CHILD_SHARE)
        else:
            out = _features(df, ids)
        return out[[c for c in out.columns if _worth_comparing(c, out[c])]]
    finally:
        if collect:
            gc.enable()


def _features(df: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame({"unique_id": ids.to_numpy()})
    out["source_dataset"] = df["source_dataset"].astype(str).to_numpy() if "source_dataset" in df else "records"
    _add_names(out, df)
    _add_numbers(out, df)
    _add_dates(out, df)
    if "id_number" in df:  # a national or list id, when a list records one (digits only)
        out["id_number"] = _feature(df["id_number"], lambda v: re.sub(r"\D", "", _text(v) or "") or None)
    if "email" in df:
        out["email"] = _feature(df["email"], lambda v: (_text(v) or "").casefold() or None)
        out["email_user"] = _feature(out["email"], lambda e: e.split("@")[0] if e else None)
    if "sex" in df:
        out["sex"] = _feature(df["sex"], _sex)
    for col in ("place", "governorate", "place_pcode", "cause"):
        if col in df:
            out[col] = _feature(df[col], _text_key)
    for col in ("place", "governorate"):
        if col in df:  # cross-script key: "دوما" and "Douma" agree on it
            out[f"{col}_k"] = _feature(df[col], _key)
    geo = _coalesce(df, ("place", "governorate"))
    out["place_script"] = _feature(geo, _script)
    if "cause" in df:
        out["cause_script"] = _feature(_column(df, "cause"), _script)
    return out


def _per_value(values: Any, fn: Callable[[Any], Any]) -> np.ndarray:
    """`fn` of every value, called once per distinct value (missing values give None)."""
    codes, table = _coded(values, fn)
    return table[codes]


def _feature(values: Any, fn: Callable[[Any], str | None]) -> pd.api.extensions.ExtensionArray:
    """`_per_value` as a text column of the `_TEXT` dtype."""
    codes, table = _coded(values, fn)
    return _gather(table, codes)


def _gather(table: np.ndarray, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """`table[codes]` as a `_TEXT` column (`table` ends with None, which code -1 picks).

    Arrow converts only the distinct values to text and gathers them in C: converting every record's
    Python string instead cost about a second at a million records.
    """
    taken = pa.array(table, type=pa.large_string()).take(pa.array(np.where(codes < 0, len(table) - 1, codes)))
    return pd.array(taken, dtype=_TEXT)


def _coded(values: Any, fn: Callable[[Any], Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the values and `fn` of each distinct value, None last (code -1 is a missing value).

    A pandas column is factorised as it is (Arrow-backed text hashes in C, many times faster than
    Python strings)."""
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = [fn(v) for v in uniques.tolist()]  # tolist: iterating Arrow text value by value is slow
    table[-1] = None
    return codes, table


def _worth_comparing(name: str, values: pd.Series) -> bool:
    """Ids always; a feature only when known for at least 2% of records (EM cannot learn from fewer)."""
    return name in ("unique_id", "source_dataset") or values.notna().mean() >= MIN_KNOWN


def _add_names(out: pd.DataFrame, df: pd.DataFrame) -> None:
    full = _coalesce(df, ("name", "name_ar", "name_en"))
    given = _column(df, "given")
    father, family = _column(df, "father"), _column(df, "family")
    if all(c not in df for c in ("given", "father", "family")):
        joined = full
    else:
        joined = np.array([" ".join(p for p in (g, n, f, fam) if p) or None
                           for g, n, f, fam in zip(given, full, father, family, strict=True)], dtype=object)
    codes, names = pd.factorize(pd.Series(joined, dtype=object), use_na_sentinel=True)
    if len(names) == 0:
        return
    for col, (values, at) in _name_table(list(names)).items():
        out[col] = _gather(values, np.append(at, -1)[codes])  # code -1 (no name): None


def _name_table(names: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Name features of distinct names, computed once per distinct part (parts repeat across names).

    The whole-name form is the sorted skeletons of all the name's parts: `name_form` of the whole name
    bar compounds that parsing splits differently (measured 2 in 10,000 names).
    Each feature is (its distinct values ending with None, each name's position among them; -1: None).
    """
    table = parse_names(names)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for part, values in zip(PARTS, (table.given, table.father, table.grandfather, table.family), strict=True):
        n, k, at = _forms_of(values)
        out[f"{part}_n"], out[f"{part}_k"] = (n, at), (k, at)
    codes, parts = pd.factorize(table.parts)
    part_words = np.empty(len(parts), dtype=object)
    for i, part in enumerate(parts):  # one by one: numpy would read equal-length tuples as a 2-D block
        part_words[i] = _part_forms(part)[2]
    words = part_words[codes].tolist()  # a list: slicing it per name is 3x faster than slicing an array
    ends = table.first + table.count
    forms = [" ".join(sorted(chain.from_iterable(words[a:b]))) or None
             for a, b in zip(table.first.tolist(), ends.tolist(), strict=True)]
    every = np.arange(len(forms))
    out["name_k"] = (np.array([f.replace(" ", "") if f else None for f in forms] + [None], dtype=object), every)
    out["name_tokens"] = (np.array([*forms, None], dtype=object), every)
    return out


def _forms_of(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (normalised spellings, skeletons) of the parts, each ending with None, and each part's
    position among them (-1 where the part is absent)."""
    codes, parts = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    forms = [_part_forms(p) for p in parts]
    norm = np.array([f[0] for f in forms] + [None], dtype=object)
    key = np.array([f[1] for f in forms] + [None], dtype=object)
    return norm, key, codes


@lru_cache(maxsize=500_000)
def _part_forms(part: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Normalised spelling, skeleton, and the skeleton's words, of one name part."""
    norm = normalize_arabic(part) if _ARABIC.search(part) else normalize_latin(part)
    words = tuple(name_form(part).split())
    return (norm.replace(" ", "") or None, "".join(words) or None, words)


def _add_numbers(out: pd.DataFrame, df: pd.DataFrame) -> None:
    for col in ("age", "birth_year"):
        if col in df:
            values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            out[col] = pd.array(np.trunc(values), dtype="Float64").astype("Int64")
    if "dob" in df:
        out["dob"] = _feature(df["dob"], _iso)
        out["dob_year"] = _feature(out["dob"], lambda v: v[:4] if v else None)  # a blocking key, not compared
    if "age_group" in df:
        out["age_group"] = _feature(df["age_group"], _text_key)


def _add_dates(out: pd.DataFrame, df: pd.DataFrame) -> None:
    """`dod` is the day of death when known to the day; `dod_month`/`dod_year` hold coarser knowledge."""
    if "date_earliest" not in df:
        return
    lo_codes, lo = _coded(df["date_earliest"], _iso)
    hi_codes, hi = _coded(df["date_latest"], _iso) if "date_latest" in df else (lo_codes, lo)
    for col, width in (("dod", 10), ("dod_month", 7), ("dod_year", 4)):
        a = np.array([v[:width] if v else None for v in lo], dtype=object)[lo_codes]
        b = np.array([v[:width] if v else None for v in hi], dtype=object)[hi_codes]
        out[col] = pd.array(np.where(pd.notna(a) & (a == b), a, None), dtype=_TEXT)


def _column(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df:
        return np.full(len(df), None, dtype=object)
    return _per_value(df[col], _text)


def _coalesce(df: pd.DataFrame, cols: tuple[str, ...]) -> np.ndarray:
    """Per record, the first of `cols` that holds text (None where none does)."""
    out = _column(df, cols[0])
    for col in cols[1:]:
        empty = np.flatnonzero(pd.isna(out))
        if col in df and empty.size:  # later columns are only read where the earlier ones are empty
            out[empty] = _per_value(df[col].iloc[empty], _text)
    return out


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _text_key(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return normalize_arabic(text) if _ARABIC.search(text) else normalize_latin(text)


def _key(value: Any) -> str | None:
    text = _text(value)
    return (name_key(text) or None) if text else None


def _script(text: str | None) -> str | None:
    """'ar' or 'latin': values in different scripts (or languages) are not compared."""
    if text is None:
        return None
    return "ar" if _ARABIC.search(text) else "latin"


def _sex(value: Any) -> str | None:
    text = _text(value)
    return None if text is None else _SEX.get(text.casefold(), text.casefold())


def _iso(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()[:10]  # a datetime (or pandas Timestamp) is a date with a time: keep the day
    text = _text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None
