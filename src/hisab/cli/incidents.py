"""Commands of the incidents module: `hisab places`, `hisab incidents`, `hisab sieges`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, err_console, print_json, store_from
from hisab.errors import UserError

places_app = typer.Typer(help="The gazetteer: Syrian places with OCHA P-codes, in Arabic and English.",
                         no_args_is_help=True)
incidents_app = typer.Typer(help="Incidents: strikes, attacks on health care, chemical attacks.",
                            no_args_is_help=True)
sieges_app = typer.Typer(help="Sieges: besieged areas, parties, periods, events.", no_args_is_help=True)

GAZETTEER = "syrianarchive-cw-incidents/sa_locations_pcodes.json"
FIXTURES = "syrianarchive-2015/locations.xml"


def _default(path: Path | None, relative: str, option: str) -> Path:
    from hisab.shared import shared_path

    found = path or shared_path(relative)
    if found is None:
        raise UserError(f"no {option} given and the shared copy ({relative}) is absent; pass {option} PATH")
    return found


@places_app.command("load")
def places_load(
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", help="sa_locations_pcodes.json")] = None,
    fixtures: Annotated[Path | None, typer.Option("--fixtures", help="Syrian Archive 2015 locations.xml")] = None,
    no_fixtures: Annotated[bool, typer.Option("--no-fixtures", help="Load the gazetteer only.")] = False,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Load the gazetteer into the store (governorate > district > sub-district > community).

    Example: hisab places load --gazetteer sa_locations_pcodes.json --fixtures locations.xml
    """
    from hisab.incidents import load_places

    fx = None if no_fixtures else (fixtures or _shared_or_none(FIXTURES))
    result = load_places(store_from(db), _default(gazetteer, GAZETTEER, "--gazetteer"), fx)
    if json:
        print_json({"added": result.added, "existing": result.existing, "by_kind": result.by_kind})
        return
    console.print(f"{result.added} place(s) added, {result.existing} already there: "
                  + ", ".join(f"{n} {k}" for k, n in result.by_kind.items()))


def _shared_or_none(relative: str) -> Path | None:
    from hisab.shared import shared_path

    return shared_path(relative)


@places_app.command("find")
def places_find(
    text: Annotated[str, typer.Argument(help="A place in Arabic or Latin script, e.g. 'Aleppo : Kafr Naha'.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many candidates.")] = 5,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Geocode a free-text place to ranked P-code candidates; ties between places are reported.

    Example: hisab places find "كفرناها" --json
    """
    from hisab.incidents import find_place

    result = find_place(text, store=store_from(db), limit=limit)
    rows = [{"pcode": c.community_pcode or c.pcode, "name_en": c.name_en, "name_ar": c.name_ar,
             "governorate": c.governorate, "score": c.score, "rank": rank, "kind": c.kind, "key": c.key,
             "latitude": c.latitude, "longitude": c.longitude, "ambiguous": result.ambiguous,
             "ambiguity": result.reason if result.ambiguous else None}
            for rank, c in enumerate(result.candidates, start=1)]
    if json:
        # a list of ranked candidates, as scripts expect; ambiguity rides on each candidate and on stderr
        print_json(rows)
        if result.ambiguous or not rows:
            err_console.print(f"{'ambiguous' if rows else 'not found'}: {result.reason}", markup=False)
        return
    table = Table("rank", "pcode", "name (en)", "name (ar)", "kind", "governorate", "score")
    for i, r in enumerate(rows, start=1):
        table.add_row(str(i), r["pcode"] or "-", r["name_en"], r["name_ar"], r["kind"], r["governorate"] or "",
                      f"{r['score']:.3f}")
    console.print(table)
    if result.ambiguous or not rows:
        err_console.print(f"{'ambiguous' if rows else 'not found'}: {result.reason}", markup=False)


@incidents_app.command("import")
def incidents_import(
    paths: Annotated[list[Path], typer.Argument(help="CW JSON, unit hashes JSON, chemweap.csv or WHO SSA CSV.")],
    vocab: Annotated[Path | None, typer.Option("--vocab", help="Folder of extra vocabulary CSVs.")] = None,
    group_by: Annotated[str, typer.Option("--group-by", help="chemweap.csv: 'event' or 'place-day'.")] = "event",
    all_countries: Annotated[bool, typer.Option("--all-countries", help="WHO SSA: keep every country.")] = False,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Import incident files (formats recognised by content); list what did not geocode.

    Example: hisab incidents import cw_incidents_2018-08-21.json cw_incidents.json who_ssa_syria.csv
    """
    from hisab.incidents import Taxonomy, import_incidents

    if group_by not in ("event", "place-day"):
        raise UserError(f"--group-by must be 'event' or 'place-day', not {group_by!r}")
    report = import_incidents(store_from(db), paths, taxonomy=Taxonomy.load(vocab), group_by=group_by,
                              country=None if all_countries else "Syrian Arab Republic")
    out = [{"path": f.path, "format": f.format, "already_imported": f.already_imported, "added": f.added,
            "merged": f.merged, "skipped_rows": f.skipped, "geocoding": f.geocode_counts,
            "unit_hashes": f.unit_hashes, "unknown_codes": f.unknown_codes,
            "flags": [{"code": code, "flag": flag} for code, flag in f.flags],
            "not_geocoded": [{"code": x.code, "location": x.location_text, "status": x.status, "reason": x.reason}
                             for x in f.failures]} for f in report.files]
    if json:
        print_json({"files": out, "sieges_linked": report.sieges_linked})
        return
    for f in out:
        state = "already imported" if f["already_imported"] else f"{f['added']} added, {f['merged']} merged"
        console.print(f"{f['path']} ({f['format']}): {state}; geocoding {f['geocoding'] or '-'}", markup=False)
        if f["skipped_rows"]:
            console.print(f"  rows of other countries left aside: {sum(f['skipped_rows'].values())}")
        for x in f["flags"]:
            err_console.print(f"  flagged {x['code']}: {x['flag']}", markup=False, soft_wrap=True)
        for x in f["not_geocoded"]:
            err_console.print(f"  not geocoded {x['code']} {x['location']!r}: {x['status']}: {x['reason']}",
                              markup=False, soft_wrap=True)


@incidents_app.command("list")
def incidents_list(
    origin: Annotated[str | None, typer.Option("--origin", help="syrianarchive-cw, who-ssa, …")] = None,
    governorate: Annotated[str | None, typer.Option("--governorate", help="P-code or name")] = None,
    massacre: Annotated[bool, typer.Option("--massacre", help="Only incidents flagged as massacres.")] = False,
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1)] = None,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """List incidents in date order. Example: hisab incidents list --governorate Idleb --json"""
    from hisab.incidents import list_incidents

    rows = list_incidents(store_from(db), origin=origin, governorate=governorate,
                          massacre=True if massacre else None, since=_day(since, "--since"),
                          until=_day(until, "--until"), limit=limit)
    if json:
        print_json([r.to_dict() for r in rows])
        return
    table = Table("code", "date", "place", "pcode", "governorate", "type", "killed", "injured")
    for r in rows:
        kind = ", ".join(r.weapons or r.attack_types or r.violation_types)[:40]
        table.add_row(r.code, str(r.date_earliest or "?"), r.place or "", r.pcode or "", r.governorate or "", kind,
                      _span(r.killed_min, r.killed_max), _span(r.injured_min, r.injured_max))
    console.print(table)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} expects a date such as 2013-08-21, not {text!r}") from None


def _span(lo: int | None, hi: int | None) -> str:
    if lo is None:
        return ""
    return str(lo) if lo == hi or hi is None else f"{lo}-{hi}"


@incidents_app.command("show")
def incidents_show(code: Annotated[str, typer.Argument(help="Incident code or id.")],
                   db: DbOpt = None, json: JsonOpt = False) -> None:
    """Show one incident in full. Example: hisab incidents show KAT141012"""
    from hisab.incidents import get_incident

    d = get_incident(store_from(db), code)
    if json:
        print_json(d)
        return
    for k, v in d.items():
        if v not in (None, [], {}, ""):
            console.print(f"{k}: {v}", soft_wrap=True, markup=False, highlight=False)


@incidents_app.command("stats")
def incidents_stats(origin: Annotated[str | None, typer.Option("--origin")] = None,
                    db: DbOpt = None, json: JsonOpt = False) -> None:
    """Counts and casualty totals by origin, year, governorate, type. Example: hisab incidents stats --json"""
    from hisab.incidents import incident_stats

    st = incident_stats(store_from(db), origin=origin)
    if json:
        print_json(st)
        return
    console.print(f"{st['incidents']} incident(s); killed {st['killed_min']}-{st['killed_max']}, injured "
                  f"{st['injured_min']}-{st['injured_max']}; {st['massacres']} massacre(s) (>= 5 civilians killed)")
    for name, counts in st["by"].items():
        if counts:
            console.print(f"[bold]{name}[/bold]: " + ", ".join(f"{k} {v}" for k, v in list(counts.items())[:12]))


@incidents_app.command("link")
def incidents_link(
    incident: Annotated[str | None, typer.Option("--incident", help="Only this incident code.")] = None,
    window_days: Annotated[int, typer.Option("--window-days", min=0)] = 2,
    confirm: Annotated[int | None, typer.Option("--confirm", help="Confirm suggestion LINK_ID.")] = None,
    reject: Annotated[int | None, typer.Option("--reject", help="Reject suggestion LINK_ID.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who decides.")] = None,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Suggest incident <-> victim-record links from date, place and cause; or confirm/reject one.

    Example: hisab incidents link --incident KAT141012 ; hisab incidents link --confirm 3 --by rania
    """
    from hisab.incidents import decide_link, suggest_links

    store = store_from(db)
    if confirm is not None or reject is not None:
        row = decide_link(store, confirm if confirm is not None else reject,  # type: ignore[arg-type]
                          "confirmed" if confirm is not None else "rejected", by)
        result = {"link": row.id, "incident_id": row.incident_id, "record_id": row.record_id, "status": row.status}
        print_json(result) if json else console.print(f"link {row.id}: {row.status}")
        return
    sugg = suggest_links(store, incident=incident, window_days=window_days)
    if json:
        print_json([{"incident": x.incident_code, "record_id": x.record_id, "score": x.score,
                     "reasons": list(x.reasons)} for x in sugg])
        return
    table = Table("incident", "record", "score", "why")
    for x in sugg:
        table.add_row(x.incident_code, str(x.record_id), f"{x.score:.2f}", "; ".join(x.reasons))
    console.print(table)
    console.print(f"{len(sugg)} new suggestion(s), for a person to confirm")


@incidents_app.command("export")
def incidents_export(
    path: Annotated[Path, typer.Argument(help="Output file: .csv or .geojson")],
    origin: Annotated[str | None, typer.Option("--origin")] = None, db: DbOpt = None,
) -> None:
    """Export incidents to CSV or GeoJSON (chosen by the extension). Example: hisab incidents export cw.geojson"""
    from hisab.incidents import export_csv, export_geojson, list_incidents

    rows = list_incidents(store_from(db), origin=origin)
    if path.suffix.lower() in (".geojson", ".json"):
        n = export_geojson(rows, path)
        console.print(f"{n} of {len(rows)} incident(s) written to {path} (the rest have no point)")
    elif path.suffix.lower() == ".csv":
        console.print(f"{export_csv(rows, path)} incident(s) written to {path}")
    else:
        raise UserError(f"{path}: expected a .csv or .geojson file name")


@incidents_app.command("map")
def incidents_map(path: Annotated[Path, typer.Argument(help="Output PNG")],
                  origin: Annotated[str | None, typer.Option("--origin")] = None, db: DbOpt = None) -> None:
    """Draw a PNG map of incidents by type (matplotlib, no web tiles). Example: hisab incidents map map.png"""
    from hisab.incidents import draw_store_map

    counts = draw_store_map(store_from(db), path, origin=origin)
    console.print(f"{path}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "no incident with a point"))


@sieges_app.command("add")
def sieges_add(
    code: Annotated[str, typer.Argument(help="A short code, e.g. GHOUTA-2013")],
    area: Annotated[str, typer.Option("--area", help="Comma-separated P-codes of the besieged communities.")],
    start: Annotated[str, typer.Option("--start", help="2013-04, 2013-04-15, 2013 …")],
    end: Annotated[str | None, typer.Option("--end")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Besieging party.")] = None,
    name: Annotated[str | None, typer.Option("--name")] = None,
    population: Annotated[int | None, typer.Option("--population", min=0)] = None,
    population_source: Annotated[str | None, typer.Option("--population-source")] = None,
    db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Record a siege; incidents inside its area and period are linked to it.

    Example: hisab sieges add GHOUTA --area C2320,C2321 --start 2013-04 --end 2018-04 --party "government forces"
    """
    from hisab.incidents import SiegeSpec, create_siege

    spec = SiegeSpec(code, tuple(p.strip() for p in area.split(",") if p.strip()), start, end, party, name,
                     None, population, population_source)
    d = create_siege(store_from(db), spec)
    print_json(d) if json else console.print(f"siege {code}: {d['incidents_linked']} incident(s) linked")


@sieges_app.command("event")
def sieges_event(
    code: Annotated[str, typer.Argument()], kind: Annotated[str, typer.Argument(
        help="aid_allowed, aid_blocked, aid_looted, starvation_deaths, evacuation, other")],
    when: Annotated[str | None, typer.Argument(help="Date (any precision)")] = None,
    count: Annotated[int | None, typer.Option("--count", min=0)] = None,
    note: Annotated[str | None, typer.Option("--note")] = None, db: DbOpt = None, json: JsonOpt = False,
) -> None:
    """Record an event of a siege. Example: hisab sieges event GHOUTA aid_blocked 2017-11 --count 1"""
    from hisab.incidents import record_siege_event

    d = record_siege_event(store_from(db), code, kind, when, count=count, description=note)
    print_json(d) if json else console.print(f"event {d['id']} recorded for {code}")


@sieges_app.command("list")
def sieges_list(db: DbOpt = None, json: JsonOpt = False) -> None:
    """List sieges with their linked incidents and events."""
    from hisab.incidents import list_sieges

    rows = list_sieges(store_from(db))
    if json:
        print_json(rows)
        return
    table = Table("code", "area", "party", "start", "end", "population", "incidents", "events")
    for r in rows:
        table.add_row(r["code"], ",".join(r["area_pcodes"]), r["besieging_party"] or "", str(r["start_earliest"]),
                      str(r["end_latest"] or "ongoing"), str(r["population_estimate"] or ""),
                      str(len(r["incidents"])), str(len(r["events"])))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add `hisab places`, `hisab incidents` and `hisab sieges`."""
    app.add_typer(places_app, name="places")
    app.add_typer(incidents_app, name="incidents")
    app.add_typer(sieges_app, name="sieges")
