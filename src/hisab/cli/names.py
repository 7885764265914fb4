"""Commands of the names module (filled in by the names issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No commands yet."""
