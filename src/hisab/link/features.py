"""Turn victim records into the comparison features the linkage model scores.

Every name feature comes from `hisab.names`: a name is split into its parts (given, father, grandfather,
family) and each part gets two forms. `*_n` is the normalised spelling (same script as the list), so two
Latin lists can tell "jon" from "john"; `*_k` is the cross-script consonant skeleton, equal for an Arabic
spelling and its romanisations and ASCII, so DuckDB's byte-level string distances are right on it.
Comparing parts, not one name string, is what lets the model charge a first-name mismatch heavily
while father, grandfather and family agree: on Arabic lists those pairs are mostly siblings.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from hisab.link.errors import LinkInputError
from hisab.names import name_form, name_key, normalize_arabic, normalize_latin, parse_name

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
_ARABIC = re.compile("[\u0600-\u06ff]")
_SEX = {"m": "m", "male": "m", "f": "f", "female": "f", "ذكر": "m", "أنثى": "f", "انثى": "f"}


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Feature table for linkage from a frame with any of `INPUT_COLUMNS` (`unique_id` required).

    Unknown columns are an error (a typo would silently drop a feature). Returns one row per record
    with `unique_id`, `source_dataset` and the feature columns; a column that is empty everywhere is
    left out, so the settings only compare what the data holds.
    """
    unknown = sorted(set(df.columns) - set(INPUT_COLUMNS))
    if unknown:
        raise LinkInputError(f"unknown input column(s) {unknown}; expected some of {list(INPUT_COLUMNS)}")
    if "unique_id" not in df.columns:
        raise LinkInputError("the records have no 'unique_id' column")
    ids = df["unique_id"].astype(str)
    if ids.duplicated().any():
        raise LinkInputError(f"unique_id {ids[ids.duplicated()].iloc[0]!r} occurs more than once")
    out = pd.DataFrame({"unique_id": ids.to_numpy()})
    out["source_dataset"] = df["source_dataset"].astype(str).to_numpy() if "source_dataset" in df else "records"
    _add_names(out, df)
    _add_numbers(out, df)
    _add_dates(out, df)
    if "id_number" in df:  # a national or list id, when a list records one (digits only)
        out["id_number"] = [re.sub(r"\D", "", _text(v) or "") or None for v in df["id_number"].to_numpy()]
    if "email" in df:
        emails = [(_text(v) or "").casefold() or None for v in df["email"].to_numpy()]
        out["email"] = emails
        out["email_user"] = [e.split("@")[0] if e else None for e in emails]
    for col in ("sex",):
        if col in df:
            out[col] = [_sex(v) for v in df[col].to_numpy()]
    for col in ("place", "governorate", "place_pcode", "cause"):
        if col in df:
            out[col] = [_text_key(v) for v in df[col].to_numpy()]
    for col in ("place", "governorate"):
        if col in df:  # cross-script key: "دوما" and "Douma" agree on it
            out[f"{col}_k"] = [_key(v) for v in df[col].to_numpy()]
    geo = _coalesce(df, ("place", "governorate"))
    out["place_script"] = [_script(v) for v in geo]
    if "cause" in df:
        out["cause_script"] = [_script(v) for v in _column(df, "cause")]
    return out[[c for c in out.columns if _worth_comparing(c, out[c])]]


def _worth_comparing(name: str, values: pd.Series) -> bool:
    """Ids always; a feature only when known for at least 2% of records (EM cannot learn from fewer)."""
    return name in ("unique_id", "source_dataset") or values.notna().mean() >= MIN_KNOWN


def _add_names(out: pd.DataFrame, df: pd.DataFrame) -> None:
    full = _coalesce(df, ("name", "name_ar", "name_en"))
    given = _column(df, "given")
    father, family = _column(df, "father"), _column(df, "family")
    joined = [" ".join(p for p in (g, n, f, fam) if p) or None
              for g, n, f, fam in zip(given, full, father, family, strict=True)]
    if not any(joined):
        return
    table = _feature_table(sorted({n for n in joined if n}))
    feats = [table[name] if name else _EMPTY for name in joined]
    for i, col in enumerate(_NAME_COLUMNS):
        out[col] = [f[i] for f in feats]


_NAME_COLUMNS = tuple(f"{p}_{s}" for p in PARTS for s in ("n", "k")) + ("name_k", "name_tokens")
_EMPTY: tuple[Any, ...] = (None,) * len(_NAME_COLUMNS)


def _feature_table(names: list[str]) -> dict[str, tuple[Any, ...]]:
    """Features of each distinct name, computed once (two worker processes measured slower here)."""
    return {n: _name_features(n) for n in names}


@lru_cache(maxsize=500_000)
def _name_features(name: str) -> tuple[Any, ...]:
    parts = parse_name(name)
    values: list[Any] = []
    for part in (parts.given, parts.father, parts.grandfather, parts.family):
        values.extend(_part_forms(part) if part else (None, None))
    form = name_form(name)
    values.append(form.replace(" ", "") or None)
    values.append(form or None)
    return tuple(values)


def _part_forms(part: str) -> tuple[str | None, str | None]:
    norm = normalize_arabic(part) if _ARABIC.search(part) else normalize_latin(part)
    return (norm.replace(" ", "") or None, name_form(part).replace(" ", "") or None)


def _add_numbers(out: pd.DataFrame, df: pd.DataFrame) -> None:
    for col in ("age", "birth_year"):
        if col in df:
            values = pd.to_numeric(df[col], errors="coerce").to_numpy()
            out[col] = pd.array([None if v != v else int(v) for v in values], dtype="Int64")
    if "dob" in df:
        out["dob"] = [_iso(v) for v in df["dob"].to_numpy()]
    if "age_group" in df:
        out["age_group"] = [_text_key(v) for v in df["age_group"].to_numpy()]


def _add_dates(out: pd.DataFrame, df: pd.DataFrame) -> None:
    """`dod` is the day of death when known to the day; `dod_month`/`dod_year` hold coarser knowledge."""
    if "date_earliest" not in df:
        return
    lo = [_iso(v) for v in df["date_earliest"].to_numpy()]
    hi = [_iso(v) for v in df["date_latest"].to_numpy()] if "date_latest" in df else lo
    out["dod"] = [a if a and a == b else None for a, b in zip(lo, hi, strict=True)]
    out["dod_month"] = [a[:7] if a and b and a[:7] == b[:7] else None for a, b in zip(lo, hi, strict=True)]
    out["dod_year"] = [a[:4] if a and b and a[:4] == b[:4] else None for a, b in zip(lo, hi, strict=True)]


def _column(df: pd.DataFrame, col: str) -> list[str | None]:
    if col not in df:
        return [None] * len(df)
    return [_text(v) for v in df[col].to_numpy()]


def _coalesce(df: pd.DataFrame, cols: tuple[str, ...]) -> list[str | None]:
    columns = [_column(df, c) for c in cols]
    return [next((v for v in row if v), None) for row in zip(*columns, strict=True)]


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
        return value.isoformat()
    text = _text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None
