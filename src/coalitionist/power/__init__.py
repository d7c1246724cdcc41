"""Voting power under real decision rules: who can win, who can block, who is decisive.

Rules (:class:`Weighted`, :class:`Count`, :class:`Unanimity`, :class:`Veto`, composed with :class:`AllOf`
and :class:`AnyOf`) are exact simple games over players ``0 … n-1``; :func:`power_indices` computes the
Shapley–Shubik, Banzhaf (normalised and absolute), Deegan–Packel, Holler and Johnston indices, swing
counts, veto players, dummies and minimal winning/blocking coalitions, exactly when the size allows and
by Monte Carlo with a stated (ε, δ) guarantee otherwise. See ``docs/theory/power.md``.
"""

from coalitionist.power.errors import (
    ExactComputationTooLargeError,
    InvalidCoalitionError,
    InvalidPowerOptionError,
    InvalidRuleError,
)
from coalitionist.power.indices import power_indices
from coalitionist.power.minimal import minimal_blocking_coalitions, minimal_winning_coalitions
from coalitionist.power.result import INDEX_LABELS, INDEX_NAMES, PowerResult, describe_power
from coalitionist.power.rules import AllOf, AnyOf, Count, Rule, Unanimity, Veto, Weighted

__all__ = [
    "INDEX_LABELS",
    "INDEX_NAMES",
    "AllOf",
    "AnyOf",
    "Count",
    "ExactComputationTooLargeError",
    "InvalidCoalitionError",
    "InvalidPowerOptionError",
    "InvalidRuleError",
    "PowerResult",
    "Rule",
    "Unanimity",
    "Veto",
    "Weighted",
    "describe_power",
    "minimal_blocking_coalitions",
    "minimal_winning_coalitions",
    "power_indices",
]
