"""Policies as functions of the state, and their exact or simulated evaluation.

A *policy* maps a state — the bitmasks of candidates that have joined and refused — to the candidate to
approach next (−1 = stop). Every planner returns one (wrapped in a :class:`PolicyOracle`), so a plan can be
evaluated, simulated and explained the same way whatever produced it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.errors import PlanEvaluationError
from coalitionist.strategy.problem import RecruitmentProblem

Decide = Callable[[int, int], int]

#: Largest number of distinct states :func:`evaluate_policy_exact` visits before giving up.
EXACT_EVALUATION_MAX_STATES = 2_000_000


@dataclass(frozen=True)
class Appraisal:
    """What a planner knows about the choices at one state.

    ``kind`` is ``"expected_payoff"`` (exact), ``"estimate"`` (simulated) or ``"index"`` (a heuristic score,
    not a payoff). ``stop`` is the payoff of stopping here; ``scores[i]`` the appraisal of approaching ``i``
    now (NaN where not appraised or not allowed)."""

    kind: str
    stop: float
    scores: NDArray[np.float64]


class PolicyOracle(Protocol):
    """A planner's policy: a decision for every state, plus what it knows about the alternatives."""

    def decide(self, joined: int, refused: int) -> int:
        """Candidate to approach in this state (−1 = stop)."""
        ...

    def appraise(self, joined: int, refused: int) -> Appraisal | None:
        """The planner's appraisal of every choice in this state, when it has one."""
        ...


@dataclass(frozen=True)
class PolicyStats:
    """Expected outcomes of following a policy from the start."""

    expected_payoff: float
    p_goal: float
    expected_value: float
    expected_cost: float
    expected_failure_cost: float
    expected_approaches: float


def evaluate_policy_exact(
    problem: RecruitmentProblem,
    decide: Decide,
    *,
    max_states: int = EXACT_EVALUATION_MAX_STATES,
) -> PolicyStats:
    """Exact expected payoff (and its parts) of a deterministic policy, by recursion over the states it
    reaches with positive probability (memoised; at most ``2^(m+1)`` of them).

    Raises
    ------
    PlanEvaluationError
        If the policy approaches a candidate that cannot be approached, or visits more than
        ``max_states`` states.
    """
    memo: dict[tuple[int, int], tuple[float, float, float, float, float, float]] = {}
    gv = problem.goal_value

    def rec(joined: int, refused: int) -> tuple[float, float, float, float, float, float]:
        key = (joined, refused)
        hit = memo.get(key)
        if hit is not None:
            return hit
        if len(memo) >= max_states:
            raise PlanEvaluationError(f"the policy visits more than {max_states} states")
        a = decide(joined, refused)
        if a < 0:
            g = float(problem.goal_of(joined))
            out = (gv * g, g, 0.0, 0.0, 0.0, 0.0)
        else:
            if (joined | refused) >> a & 1 or not problem.gate_open(a, joined):
                raise PlanEvaluationError(
                    f"the policy approaches {problem.candidates[a]!r}, who cannot be approached then"
                )
            p = float(problem.probabilities_at(joined, refused)[a])
            c, v, f = (
                float(problem.cost[a]),
                float(problem.value[a]),
                float(problem.failure_cost[a]),
            )
            acc = [-c, 0.0, 0.0, c, 0.0, 1.0]
            if p > 0.0:
                sub = rec(joined | 1 << a, refused)
                acc[0] += p * (v + sub[0])
                acc[1] += p * sub[1]
                acc[2] += p * (v + sub[2])
                acc[3] += p * sub[3]
                acc[4] += p * sub[4]
                acc[5] += p * sub[5]
            if p < 1.0:
                sub = rec(joined, refused | 1 << a)
                q = 1.0 - p
                acc[0] += q * (-f + sub[0])
                acc[1] += q * sub[1]
                acc[2] += q * sub[2]
                acc[3] += q * sub[3]
                acc[4] += q * (f + sub[4])
                acc[5] += q * sub[5]
            out = (acc[0], acc[1], acc[2], acc[3], acc[4], acc[5])
        memo[key] = out
        return out

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * problem.m + 100))
    try:
        r = rec(0, 0)
    finally:
        sys.setrecursionlimit(old)
    return PolicyStats(r[0], r[1], r[2], r[3], r[4], r[5])


@dataclass(frozen=True)
class Trajectory:
    """One simulated run of a policy."""

    payoff: float
    goal: bool
    joined: int
    refused: int
    order: tuple[int, ...]


def simulate_policy(
    problem: RecruitmentProblem,
    decide: Decide,
    uniforms: NDArray[np.float64],
) -> Trajectory:
    """Run a policy once. ``uniforms[i]`` decides candidate ``i``'s answer: it joins when approached iff
    ``uniforms[i] < p_i(J, R)`` at that moment (each candidate is approached at most once, so one uniform
    per candidate reproduces the model's probabilities exactly)."""
    raw = problem.p.copy()
    joined = refused = 0
    payoff = 0.0
    order = []
    jeff, reff = problem.joins, problem.refusals
    for _ in range(problem.m + 1):
        a = decide(joined, refused)
        if a < 0:
            break
        if (joined | refused) >> a & 1 or not problem.gate_open(a, joined):
            raise PlanEvaluationError(
                f"the policy approaches {problem.candidates[a]!r}, who cannot be approached then"
            )
        order.append(a)
        p = min(1.0, max(0.0, float(raw[a])))
        payoff -= float(problem.cost[a])
        if uniforms[a] < p:
            joined |= 1 << a
            payoff += float(problem.value[a])
            dst, delta = jeff.row(a)
        else:
            refused |= 1 << a
            payoff -= float(problem.failure_cost[a])
            dst, delta = reff.row(a)
        if dst.size:
            raw[dst] += delta
    goal = problem.goal_of(joined)
    payoff += problem.goal_value * float(goal)
    return Trajectory(payoff, goal, joined, refused, tuple(order))
