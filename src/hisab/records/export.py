"""Export records to CSV or Parquet, honouring each field's sensitivity.

`public=True` writes only what may be published: a column is left out unless it is public for at least one
exported source, and a value is blanked in the rows of a source that marked that field above public. The raw
row is protected and never leaves in a public export. Files are written to a temporary name and renamed
when complete, so a failed export leaves nothing that looks finished.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hisab.errors import UserError
from hisab.records.query import source_version
from hisab.store import Sensitivity, Store
from hisab.store.models import FieldSensitivity, Record, Source
from hisab.store.sensitivity import column_levels

EXPORT_FIELDS = [c for c in Record.__table__.columns.keys() if c not in ("source_id", "source_version_id")]
CHUNK = 10000


def effective_levels(store: Store, source_ids: list[int]) -> dict[int, dict[str, Sensitivity]]:
    """Per source, the level of every Record field: the column default, overridden by the source."""
    defaults = column_levels(Record)
    levels = {sid: dict(defaults) for sid in source_ids}
    with store.session() as session:
        for row in session.scalars(select(FieldSensitivity).where(
                FieldSensitivity.entity == "record", FieldSensitivity.source_id.in_(source_ids))):
            levels[row.source_id][row.field] = Sensitivity(row.level)
    return levels


def export_records(
    store: Store, out: str | Path, *, sources: list[str] | None = None, public: bool = False,
    include_raw: bool = False, file_format: str | None = None,
) -> int:
    """Write records to `out` (.csv or .parquet); return how many rows were written."""
    out = Path(out)
    fmt = file_format or out.suffix.lstrip(".").lower()
    if fmt not in ("csv", "parquet"):
        raise UserError(f"{out}: export format must be csv or parquet (from --format or the file extension)")
    if public and include_raw:
        raise UserError("the raw row is protected: it cannot be part of a public export")
    with store.session() as session:
        names = dict(session.execute(select(Source.id, Source.name)).all())
    version_ids = [source_version(store, s).id for s in sources] if sources else None
    levels = effective_levels(store, list(names))
    fields = [f for f in EXPORT_FIELDS if include_raw or f != "raw"]
    if public:
        fields = [f for f in fields if any(lv[f] == Sensitivity.PUBLIC for lv in levels.values())]
    header = ["source", *fields]
    tmp = out.with_name(f".{out.name}.tmp")
    rows = _rows(store, version_ids, fields, names, levels if public else None)
    try:
        count = _write_csv(tmp, header, rows) if fmt == "csv" else _write_parquet(tmp, header, rows)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _rows(store: Store, version_ids: list[int] | None, fields: list[str], names: dict[int, str],
          levels: dict[int, dict[str, Sensitivity]] | None) -> Iterator[list[Any]]:
    table = Record.__table__
    columns = [table.c.source_id, *(table.c[f] for f in fields)]
    query = select(*columns).order_by(table.c.id)
    if version_ids is not None:
        query = query.where(table.c.source_version_id.in_(version_ids))
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(query)
        for row in result:
            sid, values = row[0], list(row[1:])
            if levels is not None:
                lv = levels[sid]
                values = [v if lv[f] == Sensitivity.PUBLIC else None for f, v in zip(fields, values, strict=True)]
            yield [names[sid], *values]


def _write_csv(path: Path, header: list[str], rows: Iterator[list[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        os.chmod(path, 0o600)
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def _write_parquet(path: Path, header: list[str], rows: Iterator[list[Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, _arrow_type(name)) for name in header])
    count = 0
    batch: list[list[Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= CHUNK:
                writer.write_table(_table(pa, schema, batch))
                batch.clear()
        writer.write_table(_table(pa, schema, batch))
    os.chmod(path, 0o600)
    return count


def _table(pa, schema, batch: list[list[Any]]):
    return pa.table({f.name: [r[i] for r in batch] for i, f in enumerate(schema)}, schema=schema)


def _arrow_type(name: str):
    """The Arrow type of an exported column, from the Record column's SQL type."""
    import pyarrow as pa
    from sqlalchemy import Date, Float, Integer

    if name == "source":
        return pa.string()
    sql_type = Record.__table__.c[name].type
    if isinstance(sql_type, Integer):
        return pa.int64()
    if isinstance(sql_type, Float):
        return pa.float64()
    if isinstance(sql_type, Date):
        return pa.date32()
    return pa.string()
