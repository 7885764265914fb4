"""The `hisab` command line: a thin Typer layer over the library.

Each module of this package registers one group of commands (`register(app)`); commands parse options,
call one library function and format its result with rich. A `UserError` raised anywhere below is printed
as `Error: …` on stderr without a traceback, with exit status 2; anything else is a bug and keeps its
traceback (without local variables, which could hold victims' names).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from hisab.errors import UserError

COMMAND_MODULES = ("db", "records", "simulate", "demo", "names", "link", "estimate", "incidents", "evidence",
                   "actors", "report", "screen")


class HisabGroup(TyperGroup):
    """The top-level group: translates UserError once, for every command below it."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            sys.stderr.write(f"Error: {exc}\n")
            raise typer.Exit(code=exc.exit_code) from None


def build_app() -> typer.Typer:
    app = typer.Typer(
        cls=HisabGroup,
        name="hisab",
        help="hisab: count every victim, estimate the uncounted, preserve the evidence.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        add_completion=False,
    )
    for name in COMMAND_MODULES:
        importlib.import_module(f"hisab.cli.{name}").register(app)
    return app


app = build_app()


def main() -> None:
    app()
