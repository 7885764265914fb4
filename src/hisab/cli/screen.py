"""`hisab screen …`: load sanctions lists, screen names one by one or in batch, compare list versions."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, print_json, store_from

screen_app = typer.Typer(help="Sanctions screening across Arabic, Cyrillic and Latin spellings.", no_args_is_help=True)
lists_app = typer.Typer(help="Sanctions list snapshots: `hisab screen lists` shows them, `load` adds one.",
                        invoke_without_command=True)


@lists_app.callback()
def lists(ctx: typer.Context, db: DbOpt = None, json: JsonOpt = False) -> None:
    """Show the loaded list snapshots (kind, hash, entity count, current or superseded)."""
    if ctx.invoked_subcommand is not None:
        return
    from hisab.screen import list_snapshots

    snaps = list_snapshots(store_from(db))
    if json:
        print_json([asdict(s) for s in snaps])
        return
    table = Table("id", "kind", "status", "entities", "sha256", "generated", "loaded", "path")
    for s in snaps:
        table.add_row(str(s.id), s.kind, s.status, str(s.entity_count), s.sha256[:12], s.generated or "",
                      s.loaded_at, s.path)
    console.print(table)


@lists_app.command("load")
def load(
    kind: Annotated[str, typer.Argument(help="ofac-sdn, un-sc, eu-fsf, uk-sl, us-csl or ftm.")],
    path: Annotated[Path, typer.Argument(
        help="The list file (for ofac-sdn: sdn.csv with alt/add/comments beside it, or SDN_ADVANCED.XML).")],
    db: DbOpt = None,
    json: JsonOpt = False,
) -> None:
    """Load a list file as a new snapshot. Example: hisab screen lists load un-sc consolidated.xml"""
    from hisab.screen import load_list

    info = load_list(store_from(db), kind, path)
    if json:
        print_json(asdict(info))
        return
    verb = "loaded" if info.new else "already loaded (same file hash)"
    console.print(f"{info.kind}: {verb} snapshot {info.id}, {info.entity_count} entities, sha256 {info.sha256[:12]}")


@screen_app.command("query")
def query(
    name: Annotated[str, typer.Argument(help="The name to screen, in any script.")],
    birth_date: Annotated[str | None, typer.Option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    schema: Annotated[str | None, typer.Option(
        "--schema", help="Person, Organization, Company, LegalEntity, Vessel, Airplane.")] = None,
    nationality: Annotated[str | None, typer.Option("--nationality", help="Country name or ISO code.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 5,
    db: DbOpt = None,
    json: JsonOpt = False,
) -> None:
    """Screen one name against the current lists. Example: hisab screen query "ماهر الأسد" """
    from hisab.screen import screen_query
    from hisab.screen.readers.common import country_code

    nat = country_code(nationality) if nationality else None
    result, log_id = screen_query(store_from(db), name, schema=schema, birth_date=birth_date, limit=limit,
                                  nationality=nat)
    if json:
        print_json({"query": result.query, "log_id": log_id, "normalised": result.normalised,
                    "warnings": result.warnings, "hits": [h.to_dict() for h in result.hits]})
        return
    for w in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
    table = Table("rank", "list", "list id", "name", "score", "match", "explanation", title=f"screening log {log_id}")
    for rank, h in enumerate(result.hits, start=1):
        table.add_row(str(rank), h.entity.list_kind, h.entity.list_id, h.entity.caption, f"{h.score:.2f}",
                      "yes" if h.match else "no", h.explanation)
    console.print(table)


@screen_app.command("batch")
def batch(
    in_path: Annotated[Path, typer.Argument(help="CSV with columns id, name and optional schema, birth_date.")],
    out: Annotated[Path, typer.Option("--out", help="CSV written: one row per hit.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 5,
    db: DbOpt = None,
    json: JsonOpt = False,
) -> None:
    """Screen a table of names. Example: hisab screen batch actors.csv --out hits.csv"""
    from hisab.screen import screen_batch

    summary = screen_batch(store_from(db), in_path, out, limit=limit)
    if json:
        print_json(asdict(summary))
        return
    for e in summary.errors:
        console.print(f"[yellow]skipped:[/yellow] {e}")
    console.print(f"{summary.queries} names screened, {summary.rows} hits written to {out}, "
                  f"{summary.matches} above the threshold")


@screen_app.command("diff")
def diff(
    old: Annotated[str, typer.Argument(help="Old snapshot: id or hash prefix.")],
    new: Annotated[str, typer.Argument(help="New snapshot: id or hash prefix.")],
    db: DbOpt = None,
    json: JsonOpt = False,
) -> None:
    """Newly designated, delisted and amended entries between two snapshots; re-screens logged queries."""
    from hisab.screen import diff_snapshots

    d = diff_snapshots(store_from(db), old, new)
    if json:
        print_json(asdict(d))
        return
    console.print(f"{d.kind}: {len(d.added)} newly designated, {len(d.removed)} delisted, {len(d.amended)} amended")
    for label, rows in (("+", d.added), ("-", d.removed), ("~", d.amended)):
        for r in rows[:50]:
            console.print(f"  {label} {r['list_id']} {r['name']}")
    for r in d.rescreened:
        now = ", ".join(f"{h['list_id']} {h['score']:.2f}" for h in r.after) or "none"
        console.print(f"re-screened {r.query!r}: before {', '.join(r.before) or 'none'}; now {now}")


@screen_app.command("decide")
def decide(
    log_id: Annotated[int, typer.Argument(help="Screening log id (shown by `screen query`).")],
    decision: Annotated[str, typer.Argument(help="match, no-match or unsure.")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who decided.")],
    db: DbOpt = None,
) -> None:
    """Record a reviewer's decision on a logged screening."""
    from hisab.screen import record_decision

    record_decision(store_from(db), log_id, decision, reviewer)
    console.print(f"screening {log_id}: {decision} ({reviewer})")


screen_app.add_typer(lists_app, name="lists")


def register(app: typer.Typer) -> None:
    app.add_typer(screen_app, name="screen")
