"""Commands of the incidents module (filled in by the incidents issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No commands yet."""
