"""Errors the user can fix when calling the names functions."""

from __future__ import annotations

from hisab.errors import UserError


class NamesInputError(UserError, ValueError):
    """A names function was given something that is not a name (wrong type, unknown option)."""


def require_text(value: object, what: str = "text") -> str:
    """Return `value` if it is a string, else raise NamesInputError naming what came instead.

    None and numbers are rejected rather than coerced: a float NaN from a pandas column silently
    turning into the name "nan" is exactly the bug this guards against.
    """
    if not isinstance(value, str):
        raise NamesInputError(f"{what}: expected a string, got {type(value).__name__} {value!r}")
    return value
