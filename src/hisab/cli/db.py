"""`hisab db`: the store's schema."""

from __future__ import annotations

import typer

from hisab.cli._common import DbOpt, console
from hisab.store import open_store, redact


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="The store's schema (SQLite file or PostgreSQL server).", no_args_is_help=True)

    @db_app.command()
    def upgrade(db: DbOpt = None) -> None:
        """Migrate the store to the newest schema. Example: hisab db upgrade"""
        store = open_store(db, upgrade=False)
        store.upgrade()
        console.print(f"{redact(store.url)}: schema at revision {store.current_revision()}")

    @db_app.command()
    def current(db: DbOpt = None) -> None:
        """Show the store's schema revision and the newest one."""
        store = open_store(db, upgrade=False)
        console.print(f"{redact(store.url)}: revision {store.current_revision()} (newest {store.head_revision()})")

    app.add_typer(db_app, name="db")
