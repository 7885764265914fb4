"""Import a victim list into the store: all or nothing, streamed, every raw row kept verbatim.

The file is hashed first: the same bytes imported again into the same source change nothing; changed bytes
become the next version of the source. Rows are normalised and inserted in batches inside one transaction.
Every bad row is collected; if there is any, the transaction is rolled back and all of them are reported
at once. With `skip_bad_rows` the good rows are imported and the bad ones written to a rejects file with the
reason for each.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, func, insert, select

from hisab.errors import ImportRejected, InputFileError, RowProblem, UserError
from hisab.records.mapping import Mapping, load_mapping
from hisab.records.normalise import FIELDS, RowNormaliser
from hisab.records.readers import Table, inspect_file, open_table
from hisab.store import Store
from hisab.store.models import FieldSensitivity, Source, SourceVersion

BATCH = 5000
MAX_PROBLEMS_KEPT = 1000
_SOURCE_NAME = re.compile(r"[\w][\w .:()'&/+-]{0,199}")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    source: str
    version: int
    sha256: str
    records: int
    rejected: int
    unchanged: bool
    rejects_path: Path | None = None


def check_source_name(name: str) -> str:
    """Source names appear in commands, files and reports: letters, digits and simple punctuation."""
    name = name.strip()
    if not _SOURCE_NAME.fullmatch(name):
        raise UserError(
            f"invalid source name {name!r}: use 1-200 letters, digits, spaces or . : ( ) ' & / + - _ "
            "and start with a letter or digit"
        )
    return name


def import_file(
    store: Store,
    path: str | Path,
    source: str,
    mapping: str | Path | Mapping | None = None,
    *,
    skip_bad_rows: bool = False,
    rejects_path: str | Path | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file as a version of `source`. See the module docstring for the guarantees."""
    source = check_source_name(source)
    path = Path(path)
    chosen = mapping if isinstance(mapping, Mapping) else (load_mapping(mapping) if mapping else None)
    info = inspect_file(path, encoding or (chosen.encoding if chosen else None))
    existing = _existing_version(store, source, info.sha256)
    if existing is not None:
        return ImportResult(source, existing.version, info.sha256, existing.record_count,
                            existing.rejected_count, unchanged=True)
    table = open_table(info, sheet or (chosen.sheet if chosen else None))
    chosen = chosen or load_mapping(None, table.header)
    positions = chosen.resolve(table.header, str(path))
    normalise = RowNormaliser(chosen, positions, table.header, iso_dates=store.dialect == "sqlite")
    rejects = Path(rejects_path) if rejects_path else path.with_name(path.name + ".rejects.csv")
    with store.engine.begin() as conn:
        source_id, version, version_id = _new_version(conn, source, info, chosen)
        counts = _load_rows(conn, table, normalise, source_id, version_id, skip_bad_rows, rejects, progress)
        conn.execute(
            SourceVersion.__table__.update().where(SourceVersion.id == version_id)
            .values(record_count=counts[0], rejected_count=counts[1])
        )
        _save_sensitivity(conn, source_id, chosen)
    return ImportResult(source, version, info.sha256, counts[0], counts[1], unchanged=False,
                        rejects_path=rejects if counts[1] else None)


def _existing_version(store: Store, source: str, sha256: str) -> SourceVersion | None:
    with store.session() as session:
        return session.scalars(
            select(SourceVersion).join(Source).where(Source.name == source, SourceVersion.sha256 == sha256)
        ).first()


def _new_version(conn: Connection, source: str, info, mapping: Mapping) -> tuple[int, int, int]:
    source_id = conn.scalar(select(Source.id).where(Source.name == source))
    if source_id is None:
        source_id = conn.execute(insert(Source).values(name=source)).inserted_primary_key[0]
    version = (conn.scalar(select(func.max(SourceVersion.version)).where(
        SourceVersion.source_id == source_id)) or 0) + 1
    version_id = conn.execute(insert(SourceVersion).values(
        source_id=source_id, version=version, sha256=info.sha256, filename=info.path.name,
        file_size=info.size, file_format=info.format, mapping=mapping.to_dict(),
    )).inserted_primary_key[0]
    return source_id, version, version_id


def _load_rows(
    conn: Connection, table: Table, normalise: RowNormaliser, source_id: int, version_id: int,
    skip_bad_rows: bool, rejects: Path, progress: Progress | None,
) -> tuple[int, int]:
    """Stream rows into the store; return (imported, rejected) or raise with every problem found."""
    header, filename, unit = table.header, str(table.info.path), table.unit
    inserter = _BatchInserter(conn)
    row_of = itemgetter(*INSERT_COLUMNS)
    batch: list[tuple[Any, ...]] = []
    problems: list[RowProblem] = []
    bad_rows = 0
    imported = 0
    total = max(table.info.approx_rows - 1, 1)
    writer = _RejectsWriter(rejects, header) if skip_bad_rows else None
    try:
        for index, (position, values) in enumerate(table, start=1):
            fields, row_problems = normalise(values)
            if row_problems:
                bad_rows += 1
                if len(problems) < MAX_PROBLEMS_KEPT:
                    problems.extend(RowProblem(filename, position, c, m, unit) for c, m in row_problems)
                if writer:
                    writer.write(position, values, "; ".join(
                        f"{c}: {m}" if c else m for c, m in row_problems))
                continue
            if bad_rows and not skip_bad_rows:
                continue  # the import will be refused: keep reading only to report every problem
            fields.update(source_id=source_id, source_version_id=version_id, row_number=index,
                          raw=_raw_json(header, values))
            batch.append(row_of(fields))
            if len(batch) >= BATCH:
                inserter.put(batch)
                imported += len(batch)
                batch = []
                if progress:
                    progress(index, total)
        if bad_rows and not skip_bad_rows:
            raise ImportRejected(filename, problems[:MAX_PROBLEMS_KEPT], total=bad_rows)
        if batch:
            inserter.put(batch)
            imported += len(batch)
        if imported == 0:
            if bad_rows:
                raise InputFileError(f"{filename}: none of its {bad_rows} rows could be imported; "
                                     f"the reasons are in {rejects}")
            raise InputFileError(f"{filename}: the file has a header but no data rows")
    except BaseException:
        if writer:
            writer.close(keep=bad_rows > 0)
        raise
    if writer:
        writer.close(keep=bad_rows > 0)
    if progress:
        progress(total, total)
    return imported, bad_rows


INSERT_COLUMNS = ("source_id", "source_version_id", "row_number", "raw", *FIELDS)


def _raw_json(header: list[str], values: list[Any]) -> str:
    """The row verbatim as a JSON object, column name -> cell, in the file's order (orjson: 5x json's speed;
    json where orjson refuses a value, such as an integer beyond 64 bits)."""
    row = dict(zip(header, values, strict=True))
    try:
        return orjson.dumps(row).decode()
    except TypeError:
        return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


class _BatchInserter:
    """Inserts batches of rows straight to the driver.

    The ORM is bypassed because its per-row parameter processing cost more than the rest of the import
    together. The SQL is fixed text with driver placeholders: values are always parameters, never text.
    (A writer thread was tried: on two busy cores it was slower, the GIL changing hands on every row.)
    """

    def __init__(self, conn: Connection):
        marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.sql = (f"INSERT INTO record ({', '.join(INSERT_COLUMNS)}) "  # noqa: S608 - fixed column names
                    f"VALUES ({', '.join([marker] * len(INSERT_COLUMNS))})")
        self.conn = conn

    def put(self, batch: list[tuple[Any, ...]]) -> None:
        self.conn.exec_driver_sql(self.sql, batch)


class _RejectsWriter:
    """Bad rows with their reasons, written beside the input; the file appears only when complete."""

    def __init__(self, path: Path, header: list[str]):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.fh = self.tmp.open("w", encoding="utf-8", newline="")
        os.chmod(self.tmp, 0o600)  # rejected rows hold victims' data
        self.writer = csv.writer(self.fh)
        self.writer.writerow(["_row", "_reason", *header])

    def write(self, position: int, values: list[Any], reason: str) -> None:
        self.writer.writerow([position, reason, *values])

    def close(self, keep: bool) -> None:
        self.fh.close()
        if keep:
            self.tmp.replace(self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def _save_sensitivity(conn: Connection, source_id: int, mapping: Mapping) -> None:
    table = FieldSensitivity.__table__
    for field_name, level in mapping.sensitivity.items():
        conn.execute(table.delete().where(
            table.c.source_id == source_id, table.c.entity == "record", table.c.field == field_name))
        conn.execute(insert(table).values(source_id=source_id, entity="record", field=field_name, level=level))
