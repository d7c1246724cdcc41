"""Errors of the sensitivity analyses."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, UsageError

__all__ = ["SALibMissingError", "SensitivityInputError"]


class SensitivityInputError(AnalysisError):
    """The model outputs do not fit the design (wrong length, not finite)."""


class SALibMissingError(UsageError):
    """Sobol indices and Morris screening need SALib: ``pip install 'coalitionist[sensitivity]'``."""
