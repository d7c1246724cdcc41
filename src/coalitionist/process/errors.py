"""Errors of the process-planning engine, named after what went wrong."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, InvalidInputError


class InvalidProcessInputError(InvalidInputError):
    """Arrays given to a process-planning function have the wrong shape, or values out of range."""


class NoFocalPackageError(AnalysisError):
    """The focal actor has no option on any issue, so there is no package to table."""
