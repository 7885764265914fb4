"""Commands of the estimate module (filled in by the estimate issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No commands yet."""
