"""`hisab import`, `hisab sources`, `hisab records`: victim lists in and out of the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, err_console, print_json, store_from
from hisab.records import import_file
from hisab.records.export import export_records
from hisab.records.query import get_record, list_records, list_sources

SHOWN = ("id", "row_number", "name", "sex", "age", "age_group", "date_earliest", "date_precision", "place",
         "governorate", "cause", "status", "fate")


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("sources")(sources_command)
    records_app = typer.Typer(help="List, show and export victim records.", no_args_is_help=True)
    records_app.command("list")(records_list)
    records_app.command("show")(records_show)
    records_app.command("export")(records_export)
    app.add_typer(records_app, name="records")


def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX or Parquet file of victim records.")],
    source: Annotated[str, typer.Option("--source", help="Name of the list this file is a version of.")],
    mapping: Annotated[str | None, typer.Option(
        "--mapping", help="Built-in mapping name (vdc-2015, vdc-2015-missing, gaza-moh) or a MAP.yaml file.")] = None,
    skip_bad_rows: Annotated[bool, typer.Option(
        "--skip-bad-rows", help="Import the good rows; write the bad ones with reasons to a rejects file.")] = False,
    rejects: Annotated[Path | None, typer.Option(help="Where rejected rows go (default FILE.rejects.csv).")] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of a CSV (default utf-8; e.g. cp1256).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX workbook (default: the first).")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a victim list: all rows or none, every raw row kept. Example: hisab import list.csv --source vdc"""
    store = store_from(db)
    with Progress(TextColumn("[bold]importing"), BarColumn(), TextColumn("{task.completed:,} rows"),
                  TimeRemainingColumn(), console=err_console, transient=True, disable=as_json) as bar:
        task = bar.add_task("import", total=None)
        result = import_file(store, file, source, mapping, skip_bad_rows=skip_bad_rows, rejects_path=rejects,
                             encoding=encoding, sheet=sheet,
                             progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        print_json({"source": result.source, "version": result.version, "sha256": result.sha256,
                    "records": result.records, "rejected": result.rejected, "unchanged": result.unchanged,
                    "rejects_file": str(result.rejects_path) if result.rejects_path else None})
        return
    if result.unchanged:
        console.print(f"{file}: already imported as {result.source} v{result.version} (same SHA-256); nothing changed")
        return
    console.print(f"{file}: imported {result.records:,} records as {result.source} v{result.version}")
    if result.rejected:
        err_console.print(f"{result.rejected:,} bad row(s) skipped; reasons in {result.rejects_path}")


def sources_command(
    all_versions: Annotated[bool, typer.Option("--all-versions", help="One line per version.")] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the sources in the store, each at its newest version."""
    sources = list_sources(store_from(db), all_versions=all_versions)
    if as_json:
        print_json([s.to_json() for s in sources])
        return
    table = Table("name", "version", "records", "rejected", "sha256", "imported")
    for s in sources:
        table.add_row(s.name, str(s.version), f"{s.records:,}", f"{s.rejected:,}", s.sha256[:16] + "…",
                      s.imported_at.strftime("%Y-%m-%d %H:%M") if s.imported_at else "")
    console.print(table)


def records_list(
    source: Annotated[str | None, typer.Option(help="Only this source (its newest version).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List records with their normalised fields."""
    records = list_records(store_from(db), source, limit, offset)
    rows = [{f: getattr(r, f) for f in SHOWN} for r in records]
    if as_json:
        print_json(rows)
        return
    table = Table(*SHOWN)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    console.print(table)


def records_show(record_id: int, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Show one record: normalised fields and the raw row as imported."""
    record, raw = get_record(store_from(db), record_id)
    fields = {c: getattr(record, c) for c in record.__table__.columns.keys() if c != "raw"}
    if as_json:
        print_json({"record": fields, "raw": raw})
        return
    table = Table("field", "value", title=f"record {record_id}")
    for key, value in fields.items():
        table.add_row(key, "" if value is None else str(value))
    for key, value in raw.items():
        table.add_row(f"raw: {key}", str(value))
    console.print(table)


def records_export(
    out: Annotated[Path, typer.Argument(help="Output file, .csv or .parquet.")],
    source: Annotated[list[str] | None, typer.Option(help="Only these sources (repeatable).")] = None,
    public: Annotated[bool, typer.Option("--public", help="Only fields marked public.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Include the raw row (protected).")] = False,
    file_format: Annotated[str | None, typer.Option("--format", help="csv or parquet.")] = None,
    db: DbOpt = None,
) -> None:
    """Export records to CSV or Parquet; --public leaves out every field that is not public."""
    with err_console.status(f"exporting to {out}…"):
        count = export_records(store_from(db), out, sources=source, public=public, include_raw=raw,
                               file_format=file_format)
    console.print(f"wrote {count:,} records to {out}")
