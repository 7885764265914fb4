"""`hisab demo`: the end-to-end job that `make demo` runs on the default store.

Simulate a conflict with known truth -> import every list -> a summary table per source -> link records into
persons (scored against the truth) -> estimate the total (beside the truth) -> incidents and their map ->
evidence intake and verification -> the reckoning report. A step takes the demo context and prints; steps
that need ../shared/data say so and are skipped where it is absent.
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


def step_link(ctx: DemoContext) -> None:
    """Resolve the lists' records into persons, and score the result against the simulator's truth."""
    from hisab.link import link_store
    from hisab.link.evaluate import store_scores

    run = link_store(ctx.store, [f.name for f in ctx.sim.lists], seed=1)
    scores = store_scores(ctx.store, ctx.sim.truth_path)
    persons = (run.summary or {}).get("persons", "?")
    console.print(f"[bold]4. link[/]: {persons} persons; against the truth: precision {scores.precision:.3f}, "
                  f"recall {scores.recall:.3f}, F1 {scores.f1:.3f}")


def step_estimate(ctx: DemoContext) -> None:
    """How many died, documented or not: each method beside the simulator's known total."""
    from hisab.estimate.run import Settings, run
    from hisab.estimate.store_io import histories_from_store, save_results

    _, tables = histories_from_store(ctx.store)
    results = run(tables, "all", Settings(seed=1))
    save_results(ctx.store, results, None)
    table = Table("method", "model", "estimate", "95% interval", "status",
                  title=f"5. estimated total (truth: {ctx.sim.total:,}; documented: {results[0].observed:,})")
    for r in results:
        interval = f"{r.lower:,.0f} – {r.upper:,.0f}" if r.lower is not None and r.upper is not None else ""
        table.add_row(r.method, r.model[:28], f"{r.estimate:,.0f}" if r.estimate is not None else "-", interval,
                      r.status[:40])
    console.print(table)


def step_incidents(ctx: DemoContext) -> None:
    """Gazetteer and real incident data sets, where ../shared/data is beside the repository."""
    from hisab.incidents import draw_store_map, import_incidents, incident_stats, load_places
    from hisab.shared import shared_path

    gazetteer = shared_path("syrianarchive-cw-incidents/sa_locations_pcodes.json")
    files = [shared_path(p) for p in ("syrianarchive-cw-incidents/cw_incidents_2018-08-21.json",
                                      "syrianarchive-cw-incidents/cw_incidents.json",
                                      "who-ssa-health-attacks/who_ssa_2020_2024_syria.csv")]
    if gazetteer is None or None in files:
        console.print("[bold]6. incidents[/]: skipped — the gazetteer and incident data sets in ../shared/data "
                      "are not beside this checkout")
        return
    loaded = load_places(ctx.store, gazetteer, shared_path("syrianarchive-2015/locations.xml"))
    import_incidents(ctx.store, files)
    stats = incident_stats(ctx.store)
    map_path = ctx.folder / "incidents_map.png"
    draw_store_map(ctx.store, map_path)
    places = loaded.added + loaded.existing
    console.print(f"[bold]6. incidents[/]: {places:,} places; {stats['incidents']:,} incidents, "
                  f"{stats['killed_min']:,} killed and {stats['injured_min']:,} injured at least; map in {map_path}")


def step_evidence(ctx: DemoContext) -> None:
    """The C2PA test media into the vault: hashes, provenance verdicts, custody chain, then verify."""
    from hisab.config import vault_dir
    from hisab.evidence import Vault, add, verify
    from hisab.shared import shared_path

    media = shared_path("c2pa-media-fixtures")
    if media is None:
        console.print("[bold]7. evidence[/]: skipped — the C2PA media fixtures in ../shared/data are not beside "
                      "this checkout")
        return
    vault = Vault.open(vault_dir())
    result = add(ctx.store, vault, [media], collected_by="hisab demo", skip_bad=True)
    states: dict[str, int] = {}
    for item in result.items:
        states[item.c2pa["state"]] = states.get(item.c2pa["state"], 0) + 1
    report = verify(ctx.store, vault)
    verdicts = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    console.print(f"[bold]7. evidence[/]: {len(result.items)} files into {vault.root} (C2PA: {verdicts}); "
                  f"verify: {report.items_checked} items, {report.events_checked} custody events, "
                  f"{'all intact' if report.ok else f'{len(report.problems)} problem(s)'}")


def step_report(ctx: DemoContext) -> None:
    """Attribute each record's claimed perpetrator, then the reckoning report beside the simulator's truth."""
    from hisab.actors import attribute_records, load_seed
    from hisab.report import make_report

    load_seed(ctx.store)
    attribute_records(ctx.store, confidence="probable")
    files = make_report(ctx.store, ctx.folder / "report", truth=ctx.folder / "lists")
    console.print(f"[bold]8. report[/]: {files.html}" + (f" and {files.pdf}" if files.pdf else ""))


STEPS: list[Callable[[DemoContext], None]] = [step_import, step_summary, step_link, step_estimate, step_incidents,
                                              step_evidence, step_report]


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    folder: Annotated[Path, typer.Option("--dir", help="Folder for the simulated lists and outputs.")] = Path("demo"),
    victims: Annotated[int, typer.Option(help="Victims in the simulated conflict.")] = 5000,
    lists: Annotated[int, typer.Option(help="Documentation lists.")] = 4,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    db: DbOpt = None,
) -> None:
    """Run the end-to-end demo: simulate -> import -> link -> estimate -> incidents -> evidence -> report."""
    ctx = DemoContext(store=store_from(db), folder=folder)
    step_simulate(ctx, victims, lists, seed)
    for step in STEPS:
        step(ctx)
