"""Errors the user can fix when linking records (bad columns, settings, thresholds, decision files)."""

from __future__ import annotations

from hisab.errors import UserError


class LinkInputError(UserError, ValueError):
    """Input to linkage is unusable: a missing or mistyped column, a bad option or a bad decisions file."""
