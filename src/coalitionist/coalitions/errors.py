"""Errors of the coalition analysis."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, InvalidInputError


class CoalitionInputError(InvalidInputError):
    """Arrays or options given to a coalition kernel are malformed (shape, range, unknown names)."""


class NoWinningCoalitionError(AnalysisError):
    """Under the decision rule not even all actors together win, so no coalition can."""
