"""Errors of the screening module that a user can fix (bad list files, bad queries)."""

from __future__ import annotations

from hisab.errors import UserError


class ScreenInputError(UserError, ValueError):
    """A list file or a query cannot be used: the message names the file, record or field and why."""
