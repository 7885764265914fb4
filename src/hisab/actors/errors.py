"""Errors of the actors module: each says what was expected and what was found."""

from __future__ import annotations

from hisab.errors import InputFileError, NotFound, UserError


class ActorError(UserError):
    """An actor definition is invalid (missing name, unknown schema, bad FtM property)."""


class HierarchyCycle(ActorError):
    """The actor hierarchy loops: an actor would be its own ancestor, so roll-up would never end."""


class UnknownActor(NotFound):
    """An attribution, relation or label names an actor that is not in the registry."""


class ConfidenceError(UserError):
    """A confidence grade is not on the hisab scale or on a known source scale."""


class AttributionError(UserError):
    """An attribution has no subject, two subjects, no actor or an unknown role or basis."""


class EmptyPeriod(UserError):
    """Shares were asked for a period, area or category that holds no victims."""


class RegistryFileError(InputFileError):
    """A seed, label or FtM JSON-lines file cannot be read or has the wrong shape."""
