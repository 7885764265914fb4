"""Commands of the evidence module (filled in by the evidence issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No commands yet."""
