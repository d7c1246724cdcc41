"""Errors raised by the joint-gain analysis."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, InvalidInputError


class TradeInputError(InvalidInputError, ValueError):
    """The numeric inputs of the joint-gain analysis are inconsistent or out of range.

    The message names the actor and issue concerned and says what is allowed.
    """


class FrontierTooLargeError(AnalysisError):
    """The exact Pareto frontier was requested but would exceed the candidate budget.

    Raised only when ``method="exact"`` is forced; ``method="auto"`` falls back to the supported
    (weighted-sum) frontier instead.
    """
