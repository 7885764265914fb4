"""Commands of the actors module: `hisab actors …` (registry, attribution) and `hisab stats …` (shares)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, print_json, store_from

if TYPE_CHECKING:
    from hisab.actors.estimates import PartyEstimate
    from hisab.actors.shares import HealthCare

actors_app = typer.Typer(help="Perpetrators (FollowTheMoney entities) and attributions.", no_args_is_help=True)
stats_app = typer.Typer(help="Statistics over linked persons: shares of deaths by party.", no_args_is_help=True)


@actors_app.command("seed")
def seed(db: DbOpt = None, file: Annotated[Path | None, typer.Option(help="Another seed YAML.")] = None) -> None:
    """Load the shipped registry (states, forces, units, security branches, armed groups)."""
    from hisab.actors import load_seed

    r = load_seed(store_from(db), str(file) if file else None)
    console.print(f"{r.created} actors created, {r.updated} updated ({r.relations} relations); origin: {r.origin}")


@actors_app.command("list")
def list_cmd(db: DbOpt = None, json: JsonOpt = False) -> None:
    """Every actor with its schema, type, parent and party."""
    from dataclasses import asdict

    from hisab.actors import list_actors

    rows = list_actors(store_from(db))
    if json:
        print_json([asdict(r) for r in rows])
        return
    t = Table("id", "schema", "type", "name", "Arabic", "part of", "party")
    for r in rows:
        t.add_row(r.ftm_id, r.schema, r.actor_type or "", r.name, r.name_ar or "", r.parent or "", r.party)
    console.print(t)


@actors_app.command("export")
def export(out: Path, db: DbOpt = None) -> None:
    """Write the registry as FollowTheMoney JSON lines (validated with the followthemoney library)."""
    from hisab.actors import export_entities, write_jsonl

    n = write_jsonl(export_entities(store_from(db)), out)
    console.print(f"{n} entities written to {out}")


@actors_app.command("import")
def import_cmd(path: Path, db: DbOpt = None) -> None:
    """Load FollowTheMoney JSON lines (e.g. a sanctions extract) into the registry; all or nothing."""
    from hisab.actors import load_entities, read_jsonl

    r = load_entities(store_from(db), read_jsonl(path), f"ftm:{path.name}")
    console.print(f"{r.created} actors created, {r.updated} updated ({r.relations} relations)")


@actors_app.command("attribute-records")
def attribute_records_cmd(
    db: DbOpt = None, json: JsonOpt = False,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    confidence: Annotated[str | None, typer.Option(help="The list's grade (default: its reliability).")] = None,
    labels: Annotated[Path | None, typer.Option(help="Extra label -> actor mapping (YAML).")] = None,
) -> None:
    """Turn each record's claimed perpetrator into a source-claim attribution."""
    from dataclasses import asdict

    from hisab.actors import attribute_records

    r = attribute_records(store_from(db), source=source, confidence=confidence,
                          labels_path=str(labels) if labels else None)
    if json:
        print_json(asdict(r))
        return
    console.print(f"{r.created} attributions created ({r.joint} joint), {r.unknown_label} records say "
                  f"'unknown', {r.already} already attributed; grades: {r.confidence_by_source}")
    if r.unmapped:
        console.print(f"[yellow]{sum(r.unmapped.values())} records with labels not in the mapping:[/] "
                      + ", ".join(f"{k!r} ({v})" for k, v in list(r.unmapped.items())[:10]))


@actors_app.command("attribute")
def attribute_cmd(
    actor: Annotated[list[str], typer.Option("--actor", help="Actor key or FtM id; repeat for a set.")],
    db: DbOpt = None,
    incident: Annotated[int | None, typer.Option(help="Incident id.")] = None,
    record: Annotated[int | None, typer.Option(help="Record id.")] = None,
    role: Annotated[str, typer.Option(help="carried_out, ordered, planned, suspected, …")] = "carried_out",
    confidence: Annotated[str | None, typer.Option(help="hisab grade or a source-scale value.")] = None,
    scale: Annotated[str | None, typer.Option(help="airwars, who_ssa, huridocs or un_coi.")] = None,
    basis: Annotated[list[str] | None, typer.Option(help="witness, video, munition_remnants, …")] = None,
    source: Annotated[str | None, typer.Option(help="Source name.")] = None,
) -> None:
    """Attribute one incident or record to an actor or a set of actors."""
    from hisab.actors import add_attribution

    aid = add_attribution(store_from(db), actors=actor, incident_id=incident, record_id=record, role=role,
                          confidence=confidence, scale=scale, basis=basis, source=source)
    console.print(f"attribution {aid} added")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


@stats_app.command("shares")
def shares_cmd(
    db: DbOpt = None, json: JsonOpt = False,
    date_from: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    governorate: Annotated[str | None, typer.Option(help="Governorate name or P-code.")] = None,
    min_confidence: Annotated[str, typer.Option(help="confirmed, probable, possible or unknown.")] = "possible",
    by: Annotated[str, typer.Option("--by", help="Time series: month, or day (adds a series by day).")] = "month",
) -> None:
    """Each party's share of deaths (lower, point, upper), with the unattributed share; stored for replay.

    Also: attacks on health care by party (same bounds, over attacks) and, where `hisab estimate --strata
    perpetrator` stored estimates, each party's estimated total with its interval beside its documented count.
    """
    from hisab.actors import ShareParams, shares
    from hisab.errors import UserError

    def day(v: str | None, opt: str) -> date | None:
        try:
            return date.fromisoformat(v) if v else None
        except ValueError:
            raise UserError(f"{opt} must be a date like 2016-01-31; got {v!r}") from None

    r = shares(store_from(db), ShareParams(day(date_from, "--from"), day(date_to, "--to"), governorate,
                                           min_confidence, by))
    if json:
        print_json(r.to_dict())
        return
    o = r.overall
    t = Table("party", "lower", "point", "upper", "sole", "joint/conflict",
              title=f"Shares of {o.persons:,} persons (query {r.query_id})")
    for p in o.parties:
        t.add_row(p.party, _pct(p.lower), _pct(p.point), _pct(p.upper), f"{p.sole_n:,}", f"{p.shared_n:,}")
    t.add_row("[bold]unattributed[/]", _pct(o.unattributed), _pct(o.unattributed), _pct(o.unattributed),
              f"{o.unattributed_n:,}", "")
    console.print(t)
    console.print(f"joint {o.joint_n:,}, conflicting {o.conflicting_n:,}; undated persons excluded by the "
                  f"period: {r.undated_excluded:,}")
    if r.by_day:
        d = Table("day", "persons", "unattributed", "leading party (point)", title="By day")
        for day_t in r.by_day:
            top = day_t.parties[0] if day_t.parties else None
            d.add_row(day_t.label, f"{day_t.persons:,}", f"{day_t.unattributed_n:,}",
                      f"{top.party} {top.point_n:g}" if top else "")
        console.print(d)
    _print_health(r.health_care)
    _print_estimates(r.estimates)
    console.print(f"rule: {r.rule}\nreplay: hisab stats replay {r.query_id}")


def _print_health(h: HealthCare | None) -> None:
    if h is None:
        console.print("attacks on health care: none in the store for this selection")
        return
    a = h.attacks
    t = Table("party", "lower", "point", "upper", title=f"Attacks on health care by party ({a.persons:,} attacks)")
    for p in a.parties:
        t.add_row(p.party, f"{p.lower_n:,}", f"{p.point_n:g}", f"{p.upper_n:,}")
    t.add_row("[bold]unattributed[/]", f"{a.unattributed_n:,}", f"{a.unattributed_n:,}", f"{a.unattributed_n:,}")
    console.print(t)
    console.print(h.note)


def _print_estimates(rows: list[PartyEstimate]) -> None:
    if not rows:
        return
    t = Table("party", "stratum", "method", "documented (point)", "estimated total", "95% interval",
              title="Estimated totals per perpetrator stratum (beside, never added to, documented counts)")
    for e in rows:
        est = f"{e.estimate:,.0f}" if e.estimate is not None else f"— ({e.status})"
        ci = f"{e.lower:,.0f} – {e.upper:,.0f}" if e.lower is not None and e.upper is not None else "—"
        doc = f"{e.documented_point_n:g}" if e.documented_point_n is not None else ""
        t.add_row(e.party or f"({e.note})", e.stratum, e.method, doc, est, ci)
    console.print(t)


@stats_app.command("replay")
def replay_cmd(query_id: int, db: DbOpt = None, json: JsonOpt = False) -> None:
    """Recompute a stored share query and say whether its inputs and figures are unchanged."""
    from dataclasses import asdict

    from hisab.actors import replay

    r = replay(store_from(db), query_id)
    if json:
        print_json(asdict(r))
        return
    console.print(f"query {query_id}: inputs {'unchanged' if r.same_inputs else 'CHANGED'}, "
                  f"figures {'identical' if r.same_figures else 'DIFFERENT'}")
    if not (r.same_inputs and r.same_figures):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")
    app.add_typer(stats_app, name="stats")
