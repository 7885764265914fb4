"""`hisab simulate`: write the lists of a synthetic conflict with known truth."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hisab.cli._common import JsonOpt, console, err_console, print_json
from hisab.simulate import simulate


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_command)


def simulate_command(
    out_dir: Annotated[Path, typer.Argument(help="Folder for the list files, their mappings and the truth.")],
    victims: Annotated[int, typer.Option("--victims", help="Number of people killed.")] = 5000,
    lists: Annotated[int, typer.Option("--lists", help="Number of documentation lists (2-15).")] = 4,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same files.")] = 1,
    csv_only: Annotated[bool, typer.Option("--csv-only", help="Write every list as CSV (no XLSX).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Simulate a conflict and the lists that document it. Example: hisab simulate --victims 5000 out/"""
    with err_console.status("simulating…", spinner="dots") if not as_json else nullcontext():
        sim = simulate(victims, lists, seed, out_dir, xlsx=not csv_only)
    if as_json:
        print_json({"total": sim.total, "observed": sim.observed, "by_perpetrator": sim.by_perpetrator,
                    "lists": [{"name": f.name, "path": str(f.path), "mapping": str(f.mapping_path),
                               "records": f.records} for f in sim.lists],
                    "truth": str(sim.truth_path)})
        return
    table = Table("list", "file", "records", title=f"{sim.total:,} victims, {sim.observed:,} on at least one list")
    for f in sim.lists:
        table.add_row(f.name, str(f.path), f"{f.records:,}")
    console.print(table)
    console.print(f"truth: {sim.truth_path}")
