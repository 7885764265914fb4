"""`hisab demo`: the end-to-end job that `make demo` runs on the default store.

Simulate a conflict with known truth -> import every list -> a summary table per source. Each later stage
(linkage, estimation, incidents, report) adds a step to `STEPS`; a step takes the demo context and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hisab.cli._common import DbOpt, console, store_from
from hisab.records import import_file
from hisab.records.query import profile_sources
from hisab.simulate import Simulation, simulate
from hisab.store import Store, redact


@dataclass
class DemoContext:
    store: Store
    folder: Path
    sim: Simulation | None = None


def step_simulate(ctx: DemoContext, victims: int, lists: int, seed: int) -> None:
    ctx.sim = simulate(victims, lists, seed, ctx.folder / "lists")
    console.print(f"[bold]1. simulate[/]: {ctx.sim.total:,} victims, {ctx.sim.observed:,} on at least one of "
                  f"{len(ctx.sim.lists)} lists; truth in {ctx.sim.truth_path}")


def step_import(ctx: DemoContext) -> None:
    console.print(f"[bold]2. import[/] into {redact(ctx.store.url)}")
    for f in ctx.sim.lists:
        result = import_file(ctx.store, f.path, f.name, f.mapping_path)
        state = "unchanged (already imported)" if result.unchanged else f"{result.records:,} records"
        console.print(f"   {f.path.name}: {result.source} v{result.version}, {state}")


def step_summary(ctx: DemoContext) -> None:
    table = Table("source", "records", "script", "female", "children", "age known", "date to the day",
                  title="3. what each source holds")
    for p in profile_sources(ctx.store):
        script = "Arabic" if p.arabic_names >= p.latin_names else "Latin"
        table.add_row(p.name, f"{p.records:,}", script, _pct(p.female, p.records), _pct(p.children, p.records),
                      _pct(p.with_age, p.records), _pct(p.date_precision.get("day", 0), p.records))
    console.print(table)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def step_incidents(ctx: DemoContext) -> None:
    """Gazetteer and real incident data sets, where ../shared/data is beside the repository."""
    from hisab.incidents import draw_store_map, import_incidents, incident_stats, load_places
    from hisab.shared import shared_path

    gazetteer = shared_path("syrianarchive-cw-incidents/sa_locations_pcodes.json")
    files = [shared_path(p) for p in ("syrianarchive-cw-incidents/cw_incidents_2018-08-21.json",
                                      "syrianarchive-cw-incidents/cw_incidents.json",
                                      "who-ssa-health-attacks/who_ssa_2020_2024_syria.csv")]
    if gazetteer is None or None in files:
        console.print("[bold]4. incidents[/]: skipped — the gazetteer and incident data sets in ../shared/data "
                      "are not beside this checkout")
        return
    loaded = load_places(ctx.store, gazetteer, shared_path("syrianarchive-2015/locations.xml"))
    import_incidents(ctx.store, files)
    stats = incident_stats(ctx.store)
    map_path = ctx.folder / "incidents_map.png"
    draw_store_map(ctx.store, map_path)
    places = loaded.added + loaded.existing
    console.print(f"[bold]4. incidents[/]: {places:,} places; {stats['incidents']:,} incidents, "
                  f"{stats['killed_min']:,} killed and {stats['injured_min']:,} injured at least; map in {map_path}")


def step_evidence(ctx: DemoContext) -> None:
    """The C2PA test media into the vault: hashes, provenance verdicts, custody chain, then verify."""
    from hisab.config import vault_dir
    from hisab.evidence import Vault, add, verify
    from hisab.shared import shared_path

    media = shared_path("c2pa-media-fixtures")
    if media is None:
        console.print("[bold]5. evidence[/]: skipped — the C2PA media fixtures in ../shared/data are not beside "
                      "this checkout")
        return
    vault = Vault.open(vault_dir())
    result = add(ctx.store, vault, [media], collected_by="hisab demo", skip_bad=True)
    states: dict[str, int] = {}
    for item in result.items:
        states[item.c2pa["state"]] = states.get(item.c2pa["state"], 0) + 1
    report = verify(ctx.store, vault)
    verdicts = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    console.print(f"[bold]5. evidence[/]: {len(result.items)} files into {vault.root} (C2PA: {verdicts}); "
                  f"verify: {report.items_checked} items, {report.events_checked} custody events, "
                  f"{'all intact' if report.ok else f'{len(report.problems)} problem(s)'}")


def step_report(ctx: DemoContext) -> None:
    """Attribute each record's claimed perpetrator, then the reckoning report beside the simulator's truth."""
    from hisab.actors import attribute_records, load_seed
    from hisab.report import make_report

    load_seed(ctx.store)
    attribute_records(ctx.store, confidence="probable")
    files = make_report(ctx.store, ctx.folder / "report", truth=ctx.folder / "lists")
    console.print(f"[bold]6. report[/]: {files.html}" + (f" and {files.pdf}" if files.pdf else ""))


STEPS: list[Callable[[DemoContext], None]] = [step_import, step_summary, step_incidents, step_evidence,
                                              step_report]


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    folder: Annotated[Path, typer.Option("--dir", help="Folder for the simulated lists and outputs.")] = Path("demo"),
    victims: Annotated[int, typer.Option(help="Victims in the simulated conflict.")] = 5000,
    lists: Annotated[int, typer.Option(help="Documentation lists.")] = 4,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    db: DbOpt = None,
) -> None:
    """Run the end-to-end demo: simulate -> import -> summary (and every later stage that has landed)."""
    ctx = DemoContext(store=store_from(db), folder=folder)
    step_simulate(ctx, victims, lists, seed)
    for step in STEPS:
        step(ctx)
