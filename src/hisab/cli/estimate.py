"""`hisab estimate`: multiple systems estimation on the store or on a capture-history CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hisab.cli._common import DbOpt, JsonOpt, console, print_json, store_from


def register(app: typer.Typer) -> None:
    app.command("estimate")(estimate)


def estimate(
    method: Annotated[str, typer.Option("--method", help="lcmcr, dga, loglinear, sparse or all.")] = "all",
    strata: Annotated[str | None, typer.Option("--strata", help="Estimate by this column and combine.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of every random step.")] = 1,
    csv: Annotated[Path | None, typer.Option("--csv", help="Capture-history CSV instead of the store.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write the distributions to PATH (.png/.svg).")] = None,
    nboot: Annotated[int, typer.Option("--nboot", help="Bootstrap replicates for sparse (0: asymptotic).")] = 0,
    chains: Annotated[int, typer.Option("--chains", help="LCMCR chains (R-hat needs 2 or more).")] = 4,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Save Estimate rows to the store.")] = True,
    db: DbOpt = None,
    json: JsonOpt = False,
) -> None:
    """Estimate the total number of victims, documented and undocumented, by several methods.

    Example: hisab estimate --csv kosovo.csv --method all --seed 1 --json
    """
    from hisab.estimate.api import estimate_source

    with console.status("estimating…") if not json else _null():
        report = estimate_source(
            csv=csv, store=None if csv is not None and db is None else store_from(db), method=method,
            strata=strata, seed=seed, nboot=nboot, chains=chains, save=save, plot=plot,
        )
    if json:
        print_json(report.to_json())
        return
    table = Table(title=f"Estimates: {report.observed:,} observed on {len(report.lists)} lists")
    for col in ("method", "model", "stratum", "estimate", "95% interval", "status"):
        table.add_column(col)
    for r in report.results:
        interval = f"{r.lower:,.0f} – {r.upper:,.0f}" if r.lower is not None and r.upper is not None else ""
        est = f"{r.estimate:,.0f}" if r.estimate is not None else ""
        table.add_row(r.method, r.model, r.stratum or "", est, interval, r.status)
    console.print(table)
    if report.saved:
        console.print(f"saved {len(report.saved)} Estimate row(s)")
    if report.plot:
        console.print(f"plot written to {report.plot}")


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
