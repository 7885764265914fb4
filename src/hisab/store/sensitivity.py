"""Sensitivity levels of stored fields.

Victims, witnesses and documenters are put at risk when data leaks. Every field of Source and Record has a
level: `public` (may be published), `restricted` (the team that holds the data), `protected` (named
people only: witness contacts, informants, the raw row that may contain them). The default level of a
field is declared on its column (`info={"sensitivity": ...}`); a source's mapping may raise or lower it for
that source, stored in `field_sensitivity`. Exports honour the effective level now; the web app will too.
"""

from __future__ import annotations

from enum import StrEnum


class Sensitivity(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"
    PROTECTED = "protected"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Sensitivity.PUBLIC: 0, Sensitivity.RESTRICTED: 1, Sensitivity.PROTECTED: 2}


def parse_sensitivity(value: str) -> Sensitivity:
    """Parse a level name; raise ValueError naming the accepted values."""
    try:
        return Sensitivity(value.strip().lower())
    except ValueError:
        accepted = ", ".join(s.value for s in Sensitivity)
        raise ValueError(f"unknown sensitivity {value!r}; expected one of {accepted}") from None


def column_levels(model: type) -> dict[str, Sensitivity]:
    """Default level of every column of an ORM model, from the column's `info`."""
    levels = {}
    for column in model.__table__.columns:
        levels[column.key] = Sensitivity(column.info.get("sensitivity", Sensitivity.RESTRICTED))
    return levels
