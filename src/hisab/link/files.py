"""Files mode: link spreadsheets directly, without a store, for analysts who only have files.

`link_files([A.csv, B.xlsx], {"name": "full_name", "age": "age"}, id_column="ID")` reads each file with
the records readers, maps the named columns to linkage roles, links the files together and returns one
row per record: file, record_id (the id column, else the 1-based data row number) and person_id.
Values that cannot be read (an age of "abc", a date of "soon") are errors naming file, row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hisab.errors import UserError
from hisab.link.backends import check_backend
from hisab.link.engine import LinkResult, link_records
from hisab.link.errors import LinkInputError
from hisab.records.dates import DateError, parse_date
from hisab.records.fields import parse_age, parse_sex
from hisab.records.readers import inspect_file, open_table

__all__ = ["ROLES", "FilesResult", "link_files", "parse_columns"]

ROLES = ("name", "name_ar", "name_en", "father", "family", "dob", "age", "sex", "date", "place", "cause")


@dataclass
class FilesResult:
    """Clusters (file, record_id, person_id) and the linkage result behind them."""

    clusters: pd.DataFrame
    result: LinkResult


def parse_columns(spec: str) -> dict[str, str]:
    """Parse "name=Full Name,age=Age" into {role: column}; unknown roles and repeats are errors."""
    mapping: dict[str, str] = {}
    for item in (p.strip() for p in spec.split(",")):
        if not item:
            continue
        role, sep, column = item.partition("=")
        role, column = role.strip(), column.strip()
        if not sep or not column:
            raise LinkInputError(f"--columns: expected role=COLUMN, got {item!r}")
        if role not in ROLES:
            raise LinkInputError(f"--columns: unknown role {role!r}; roles are {', '.join(ROLES)}")
        if role in mapping:
            raise LinkInputError(f"--columns: role {role!r} given twice")
        mapping[role] = column
    if not mapping:
        raise LinkInputError("--columns: map at least one role, e.g. name=COLUMN")
    if not {"name", "name_ar", "name_en", "family"} & set(mapping):
        raise LinkInputError("--columns: map a name column (name, name_ar, name_en or family)")
    return mapping


def link_files(paths: Sequence[str | Path], columns: dict[str, str], *, id_column: str | None = None,
               seed: int = 1, threshold: float | None = None, backend: str = "duckdb") -> FilesResult:
    """Link the records of one or more files; see the module docstring."""
    check_backend(backend)
    if not paths:
        raise LinkInputError("give at least one file to link")
    frames = []
    labels = _labels([Path(p) for p in paths])
    for path, label in zip(paths, labels, strict=True):
        frames.append(_read(Path(path), label, columns, id_column))
    records = pd.concat(frames, ignore_index=True)
    file_of = dict(zip(records["unique_id"], records.pop("_file"), strict=True))
    record_of = dict(zip(records["unique_id"], records.pop("_record_id"), strict=True))
    one_to_one = False  # files may hold duplicates: deduplicate and link
    result = link_records(records, one_to_one=one_to_one, seed=seed, threshold=threshold, backend=backend)
    clusters = result.clusters
    person = pd.factorize(clusters.to_numpy())[0] + 1
    out = pd.DataFrame({"file": [file_of[u] for u in clusters.index],
                        "record_id": [record_of[u] for u in clusters.index], "person_id": person})
    return FilesResult(out, result)


def _labels(paths: list[Path]) -> list[str]:
    names = [p.name for p in paths]
    if len(set(names)) == len(names):
        return names
    return [str(p) for p in paths]


def _read(path: Path, label: str, columns: dict[str, str], id_column: str | None) -> pd.DataFrame:
    table = open_table(inspect_file(path))
    header = table.header
    wanted = dict(columns)
    missing = [c for c in [*wanted.values(), *([id_column] if id_column else [])] if c not in header]
    if missing:
        raise LinkInputError(f"{path}: no column(s) {missing}; the file has {header}")
    pos = {c: header.index(c) for c in header}
    rows: list[dict[str, Any]] = []
    for n, (_, values) in enumerate(table, start=1):
        row: dict[str, Any] = {}
        for role, col in wanted.items():
            row.update(_convert(path, n, role, col, values[pos[col]]))
        rid = str(values[pos[id_column]]) if id_column else str(n)
        row.update(_file=label, _record_id=rid, unique_id=f"{label}\x1f{rid}", source_dataset=label)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if id_column and frame["_record_id"].duplicated().any():
        dup = frame.loc[frame["_record_id"].duplicated(), "_record_id"].iloc[0]
        raise LinkInputError(f"{path}: id {dup!r} in column {id_column!r} occurs more than once")
    return frame


def _convert(path: Path, row: int, role: str, col: str, value: Any) -> dict[str, Any]:
    text = None if value is None else str(value).strip() or None
    if text is None:
        return {}
    try:
        if role == "age":
            return {"age": parse_age(value)}
        if role == "sex":
            return {"sex": parse_sex(text)}
        if role in ("date", "dob"):
            d = parse_date(value if not isinstance(value, str) else text)
            if role == "dob":
                return {"dob": d.earliest.isoformat() if d.precision == "day" and d.earliest else None,
                        "birth_year": d.earliest.year if d.earliest and d.latest and
                        d.earliest.year == d.latest.year else None}
            return {"date_earliest": d.earliest, "date_latest": d.latest}
    except (ValueError, DateError, UserError) as exc:
        raise LinkInputError(f"{path}, row {row}, column {col!r} ({role}): {exc}") from None
    return {role: text}
