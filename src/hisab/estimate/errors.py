"""Errors of the estimate module that the user can fix (bad capture histories, bad options)."""

from __future__ import annotations

from hisab.errors import UserError


class CaptureDataError(UserError):
    """A capture-history table is malformed: lists, counts or patterns are not what MSE needs."""


class EstimateOptionError(UserError):
    """An estimator was given a parameter outside its allowed range."""
