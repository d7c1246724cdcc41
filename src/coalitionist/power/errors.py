"""Errors of the voting-power engine, named after what went wrong."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, InvalidInputError, UsageError


class InvalidRuleError(InvalidInputError):
    """A decision rule was built with invalid parameters (negative weights, no quota, mixed player counts…)."""


class InvalidCoalitionError(InvalidInputError):
    """A coalition names a player that does not exist, or a mask has the wrong shape."""


class InvalidPowerOptionError(UsageError):
    """An option of :func:`coalitionist.power.power_indices` is invalid (unknown method, ε outside (0, 1)…)."""


class ExactComputationTooLargeError(AnalysisError):
    """An exact computation was requested, but every exact algorithm would exceed the time or memory budget."""


class IndexNotComputedError(AnalysisError, LookupError):
    """The values of an index that this run did not compute were asked for (also a :class:`LookupError`)."""


class KernelAccuracyError(AnalysisError):
    """The exponential-sum kernel for ``1/size`` missed its stated accuracy (an internal check; not expected)."""
