"""Errors of the influence analysis."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, InvalidInputError


class InfluenceInputError(InvalidInputError):
    """Arrays or options given to an influence kernel are malformed (shape, range, non-finite values)."""


class FriedkinJohnsenSingularError(AnalysisError):
    """``I − ΛW`` is singular: a group of fully susceptible actors (λ = 1) listens only to itself, so the
    Friedkin–Johnsen model has no unique equilibrium (give some of them λ < 1)."""
