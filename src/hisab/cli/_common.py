"""Options and output helpers shared by every command group."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from hisab.store import Store, open_store

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="HISAB_DATABASE_URL", help="Store URL (default: sqlite:///hisab.db)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]

console = Console()
err_console = Console(stderr=True)


def store_from(db: str | None) -> Store:
    return open_store(db)


def print_json(data: Any) -> None:
    """Write JSON to stdout, unformatted by rich (scripts parse it)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
