"""`hisab link …` and `hisab review`: link records into persons, and review the uncertain pairs."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, print_json, store_from
from hisab.link import (
    LinkInputError,
    decision_accuracy,
    import_decisions,
    link_files,
    link_store,
    parse_columns,
    pending_reviews,
    record_decision,
)
from hisab.link.backends import check_backend

BackendOpt = Annotated[str, typer.Option("--backend", help="Where the model runs: duckdb (one machine) or spark "
                                       "(an active Spark session, else pyspark in local mode; needs Java).")]

sub = typer.Typer(help="Link records into persons (each victim counted once).", no_args_is_help=True)


@sub.command("run")
def run(
    db: DbOpt = None,
    sources: Annotated[str | None, typer.Option("--sources", help="Comma-separated source names.")] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling (same seed, same result).")] = 1,
    threshold: Annotated[float | None, typer.Option(help="Match weight to accept (default: chosen).")] = None,
    one_to_one: Annotated[bool, typer.Option("--one-to-one", help="Two deduplicated lists: keep each record's "
                                             "mutual best match only.")] = False,
    backend: BackendOpt = "duckdb",
    as_json: JsonOpt = False,
) -> None:
    """Link the store's records and save persons, respecting every review decision.

    Example: hisab link run --sources sn_martyrs,vd_fatalities
    """
    check_backend(backend)
    names = [s.strip() for s in sources.split(",") if s.strip()] if sources else None
    linkrun = link_store(store_from(db), names, seed=seed, threshold=threshold, one_to_one=one_to_one or None,
                         backend=backend)
    summary = {k: v for k, v in (linkrun.summary or {}).items() if k != "review_queue"}
    if as_json:
        print_json({"link_run": linkrun.id, "threshold": linkrun.threshold, **summary})
        return
    console.print(f"link run {linkrun.id}: {summary['records']:,} records -> {summary['persons']:,} persons; "
                  f"{summary['matches']:,} pairs accepted at match weight {linkrun.threshold:.2f}; "
                  f"{summary['must_link']} must-link, {summary['cannot_link']} cannot-link decisions applied")


@sub.command("files")
def files(
    paths: Annotated[list[Path], typer.Argument(help="CSV, XLSX or Parquet files.")],
    columns: Annotated[str, typer.Option("--columns", help="role=COLUMN,... roles: name, name_ar, name_en, "
                                          "father, family, dob, age, sex, date, place, cause")],
    out: Annotated[Path, typer.Option("--out", help="Where to write file,record_id,person_id.")],
    id_column: Annotated[str | None, typer.Option("--id", help="Column holding each record's id.")] = None,
    pairs: Annotated[Path | None, typer.Option("--pairs", help="Also write the scored pairs here.")] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling.")] = 1,
    threshold: Annotated[float | None, typer.Option(help="Match weight to accept.")] = None,
    backend: BackendOpt = "duckdb",
) -> None:
    """Link spreadsheets directly, without a store.

    Example: hisab link files a.csv b.xlsx --columns name=Name,age=Age,sex=Sex --out clusters.csv
    """
    result = link_files(paths, parse_columns(columns), id_column=id_column, seed=seed, threshold=threshold,
                        backend=backend)
    result.clusters.to_csv(out, index=False)
    if pairs is not None:
        _write_pairs(result, pairs)
    n_persons = result.clusters["person_id"].nunique()
    console.print(f"{len(result.clusters):,} records -> {n_persons:,} persons "
                  f"(match weight >= {result.result.threshold:.2f}); wrote {out}")


def _write_pairs(result, path: Path) -> None:
    p = result.result.pairs.copy()
    file_of = dict(zip(result.result.clusters.index, result.clusters["file"], strict=True))
    rec_of = dict(zip(result.result.clusters.index, result.clusters["record_id"], strict=True))
    table = {"file_a": p["unique_id_l"].map(file_of), "record_id_a": p["unique_id_l"].map(rec_of),
             "file_b": p["unique_id_r"].map(file_of), "record_id_b": p["unique_id_r"].map(rec_of),
             "match_probability": p["match_probability"], "match_weight": p["match_weight"]}
    for col in [c for c in p.columns if c.startswith("w_")]:
        table[f"weight_{col[2:]}"] = p[col]
    import pandas as pd

    pd.DataFrame(table).to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)


@sub.command("import-decisions")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="CSV with record_a,record_b,decision (same/different).")],
    db: DbOpt = None,
    by: Annotated[str | None, typer.Option("--by", help="Who labelled the pairs.")] = None,
) -> None:
    """Import labelled pairs as review decisions.

    Example: hisab link import-decisions labels.csv --by team-a
    """
    n = import_decisions(store_from(db), path, decided_by=by)
    console.print(f"imported {n:,} decisions from {path}")


@sub.command("accuracy")
def accuracy(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Agreement of the current persons with the stored decisions.

    Example: hisab link accuracy
    """
    acc = decision_accuracy(store_from(db))
    if as_json:
        print_json(acc)
        return
    console.print(f"{acc['pairs']} decided pairs: precision {acc['precision']:.3f}, recall {acc['recall']:.3f}, "
                  f"F1 {acc['f1']:.3f}")


def review(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(help="How many pairs to present.")] = 10,
    answers: Annotated[str | None, typer.Option("--answers", help="Answers in order, e.g. 's,d,skip' "
                                                 "(non-interactive).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Reviewer's name, stored with each decision.")] = None,
) -> None:
    """Review the pairs the last link run was least sure of: answer same (s), different (d), skip or quit (q).

    Example: hisab review --limit 5
    """
    store = store_from(db)
    items = pending_reviews(store, limit)
    given = [a.strip() for a in answers.split(",")] if answers is not None else None
    if not items:
        console.print("nothing to review")
        return
    saved = 0
    for i, item in enumerate(items):
        _show(item, i + 1, len(items))
        if given is not None:
            if i >= len(given):
                break
            answer = given[i]
        else:
            answer = typer.prompt("same (s) / different (d) / skip / quit (q)", default="skip")
        answer = answer.strip().casefold()
        if answer in ("q", "quit"):
            break
        if answer in ("", "skip"):
            continue
        if answer not in ("s", "d", "same", "different"):
            raise LinkInputError(f"answer {i + 1}: expected s, d, skip or q, got {answer!r}")
        record_decision(store, item.record_a["id"], item.record_b["id"], answer, decided_by=by)
        saved += 1
    console.print(f"{saved} decision(s) saved; they apply from the next 'hisab link run'")


def _show(item, n: int, total: int) -> None:
    table = Table("field", f"record {item.record_a['id']}", f"record {item.record_b['id']}",
                  title=f"pair {n} of {total}: match weight {item.match_weight:+.1f} "
                        f"(probability {item.match_probability:.3f})")
    for field in item.record_a:
        if field == "id":
            continue
        a, b = item.record_a[field], item.record_b[field]
        if a is None and b is None:
            continue
        table.add_row(field, "" if a is None else str(a), "" if b is None else str(b))
    for comp, w in item.weights.items():
        table.add_row(f"weight: {comp}", f"{w:+.2f}", "")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(sub, name="link")
    app.command("review")(review)
