"""`hisab report OUT`: the reckoning report as HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hisab.cli._common import DbOpt, console, store_from


def report(
    out: Annotated[Path, typer.Argument(help="Directory to write report.html, report.pdf and charts/ into.")],
    db: DbOpt = None,
    truth: Annotated[Path | None, typer.Option(help="Simulator truth (folder or truth.csv): demo mode.")] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Write the HTML only.")] = False,
    min_confidence: Annotated[str, typer.Option(help="confirmed, probable, possible or unknown.")] = "possible",
    by: Annotated[str, typer.Option("--by", help="Time series: month, or day (adds a chart by day).")] = "month",
) -> None:
    """Write the report: summary, method, shares by party with bounds, incidents, estimates, evidence, sources."""
    from hisab.actors import ShareParams
    from hisab.report import make_report

    with console.status("writing the report"):
        r = make_report(store_from(db), out, params=ShareParams(min_confidence=min_confidence, by=by), truth=truth,
                        pdf=not no_pdf)
    console.print(f"report: {r.html}" + (f" and {r.pdf}" if r.pdf else ""))
    absent = [k for k, v in r.sections.items() if not v and k != "truth"]
    if absent:
        console.print("sections with nothing in the store (said so in the report): " + ", ".join(absent))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
