"""The recruitment plan in plain words where the planner's own explanations stop: a plan that approaches
nobody, and what would have to change for an approach to be worth it. Reads the typed :class:`Plan`; names
come from the caller (``names``: id → display name); nothing here ranks or plans.

What would have to change (break-even): approaching candidate ``c`` first and then going on as well as
possible is worth ``E = −p·cost − (1 − p)·(cost + failure) + p·W`` in expectation, with ``W`` the value of
going on once ``c`` has joined (and nothing gained after a refusal, since the plan approaches nobody). The
planner reports ``E`` (:attr:`CandidateAnswer.expected_payoff_if_first`) at the current ``p``, so
``W = (E + p·cost + (1 − p)·(cost + failure)) / p``, and the approach breaks even at

    p* = (cost + failure) / (W + failure)        or, at the current p,    cost* = p·W − (1 − p)·failure.

When ``W ≤ 0`` no chance of success makes the approach worth it: its joining is worth too little.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coalitionist.strategy.plan import CandidateAnswer, Plan

__all__ = ["BreakEven", "break_even", "nobody_sentence"]


@dataclass(frozen=True)
class BreakEven:
    """What would make approaching ``actor`` first worth its expected cost.

    Attributes
    ----------
    actor : str
    p, cost : float
        The current estimates.
    p_needed : float or None
        The chance at which the approach breaks even (None when no chance suffices or above 1).
    cost_needed : float or None
        The cost at which it breaks even at the current chance (None when no cost suffices).
    stake : float
        ``W``: what going on is worth once it has joined (the goal, when its joining opens the way).
    """

    actor: str
    p: float
    cost: float
    p_needed: float | None
    cost_needed: float | None
    stake: float = 0.0


def break_even(c: CandidateAnswer) -> BreakEven | None:
    """The break-even chance and cost of approaching ``c`` first (module docstring); None without the
    planner's expected payoff for it."""
    e = c.expected_payoff_if_first
    if e is None or c.p <= 0:
        return None
    cost, p = c.cost_of_success, c.p
    fail = c.cost_of_failure - c.cost_of_success  # the extra cost of a refusal
    w = (e + p * cost + (1 - p) * (cost + fail)) / p
    p_needed = (cost + fail) / (w + fail) if w > 0 else None
    cost_needed = p * w - (1 - p) * fail
    return BreakEven(
        c.actor,
        p,
        cost,
        p_needed if p_needed is not None and p_needed <= 1 else None,
        cost_needed if cost_needed > 0 else None,
        w,
    )


def _num(x: float) -> str:
    return f"{round(x):d}" if abs(x - round(x)) < 1e-9 else f"{x:.2g}"


def nobody_sentence(plan: Plan, names: Mapping[str, str]) -> str:
    """``The plan approaches nobody: …; approaching X would be worth it if its chance rose from 0.10 to
    0.35 (or its cost fell from 5 to 1.2).`` — empty when the plan approaches someone."""
    if plan.steps:
        return ""
    head = "The plan approaches nobody: no approach is worth its expected cost"
    ranked = [
        c
        for c in plan.candidates
        if c.approachable and c.expected_payoff_if_first is not None and c.p > 0
    ]
    if not ranked:
        return head + ", and nobody can be approached yet."
    # the candidate with the most at stake: the one whose joining opens the way to the goal
    options = [(b, c) for c in ranked if (b := break_even(c)) is not None]
    if not options:
        return head + "."
    be, best = max(options, key=lambda bc: (bc[0].stake, bc[1].expected_payoff_if_first or 0.0))
    who = names.get(best.actor, best.actor)
    if be.p_needed is None and be.cost_needed is None:
        return (
            head
            + f"; even the best candidate, {who}, adds too little to the goal for any chance of success"
            " to pay for the approach — its value, or the goal's, would have to rise."
        )
    bits = []
    if be.p_needed is not None:
        bits.append(f"its chance rose from {be.p:.2f} to {be.p_needed:.2f}")
    if be.cost_needed is not None:
        bits.append(f"its cost fell from {_num(be.cost)} to {_num(be.cost_needed)}")
    return head + f"; approaching {who} first would be worth it if " + " or ".join(bits) + "."
