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


STEPS: list[Callable[[DemoContext], None]] = [step_import, step_summary, step_incidents]


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
