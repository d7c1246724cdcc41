"""Exceptions of the recruitment planner, named after what went wrong."""

from __future__ import annotations

from coalitionist.errors import AnalysisError, InvalidInputError, UsageError


class InvalidRecruitmentProblemError(InvalidInputError):
    """The numeric recruitment problem is malformed (shapes, ranges, indices, cyclic prerequisites)."""


class GoalPredicateError(InvalidRecruitmentProblemError):
    """The goal predicate returned something other than one boolean per coalition asked about."""


class TooManyCandidatesError(UsageError):
    """The exact planner was asked to solve a problem larger than its state space allows."""


class UnknownPlanningMethodError(UsageError):
    """A planning method name that does not exist was requested."""


class PlanEvaluationError(AnalysisError):
    """A plan could not be evaluated against the (possibly perturbed) problem it was given."""
