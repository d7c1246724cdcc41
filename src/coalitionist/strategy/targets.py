"""Target coalitions: the minimal sets of candidates that reach the goal, ranked by what assembling each
one is worth — with ``goal_kind="block"`` the cheapest minimal blocking coalition and the order to build it.

For a fixed target set ``T`` the focal actor approaches its members one by one and gives up at the first
refusal (a minimal set needs everyone). The order is chosen step by step by the classical rule for testing a
series system (Mitten 1960; Butterworth 1972): next the member with the smallest
``(c_i + (1 − p_i)·f_i − p_i·v_i) / (1 − p_i)`` at the current probabilities, i.e. the likeliest refusers
first when costs are equal — optimal when the members' chances are independent, a heuristic with process
effects (which are applied along the way). The adaptive plan (:func:`coalitionist.strategy.plan`) may do
better by switching targets after a refusal; this table answers "which coalition, in which order".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.errors import InvalidRecruitmentProblemError
from coalitionist.strategy.marginals import completion
from coalitionist.strategy.problem import GOAL_TABLE_MAX, RecruitmentProblem

#: Candidate target sets scored in detail (the rest are ranked by a closed-form proxy first).
DETAILED = 64


@dataclass(frozen=True)
class TargetCoalition:
    """One minimal goal-reaching set, in the order to approach it."""

    members: tuple[str, ...]
    p_all_join: float
    expected_cost: float
    expected_payoff: float
    cost_if_all_join: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "members": list(self.members),
            "p_all_join": float(self.p_all_join),
            "expected_cost": float(self.expected_cost),
            "expected_payoff": float(self.expected_payoff),
            "cost_if_all_join": float(self.cost_if_all_join),
        }


def series_order(problem: RecruitmentProblem, members: list[int]) -> TargetCoalition:
    """Order ``members`` by the series-system rule (recomputed after each join) and score the attempt."""
    raw = problem.p.copy()
    left = list(members)
    order: list[int] = []
    joined = 0
    reach = 1.0  # probability that every earlier member joined
    exp_cost = exp_value = 0.0
    while left:
        open_ = [i for i in left if problem.gate_open(i, joined)] or left
        p = np.clip(raw[open_], 0.0, 1.0)
        a = problem.cost[open_] + (1 - p) * problem.failure_cost[open_] - p * problem.value[open_]
        with np.errstate(divide="ignore", invalid="ignore"):
            key = np.where(p < 1.0, a / (1.0 - p), np.where(a <= 0, -np.inf, np.inf))
        k = int(np.argmin(key))
        i = open_[k]
        pi = float(p[k])
        exp_cost += reach * (problem.cost[i] + (1 - pi) * problem.failure_cost[i])
        exp_value += reach * pi * problem.value[i]
        reach *= pi
        order.append(i)
        left.remove(i)
        joined |= 1 << i
        dst, delta = problem.joins.row(i)
        raw[dst] += delta
    payoff = problem.goal_value * reach + exp_value - exp_cost
    return TargetCoalition(
        tuple(problem.candidates[i] for i in order),
        float(reach),
        float(exp_cost),
        float(payoff),
        float(problem.cost[members].sum()),
    )


def minimal_sets(problem: RecruitmentProblem) -> NDArray[np.int64]:
    """Bitmasks of every minimal joined set that reaches the goal (m ≤ 20)."""
    table = problem.goal_table
    if table is None:
        raise InvalidRecruitmentProblemError("minimal_sets needs m ≤ GOAL_TABLE_MAX")
    idx = np.flatnonzero(table).astype(np.int64)
    minimal = np.ones(idx.size, dtype=bool)
    for i in range(problem.m):
        b = np.int64(1) << i
        has = (idx & b) != 0
        minimal &= ~has | ~table[idx & ~b]
    return idx[minimal]


def target_coalitions(problem: RecruitmentProblem, *, top: int = 5) -> tuple[TargetCoalition, ...]:
    """The ``top`` minimal goal-reaching sets by expected payoff of assembling each, best first.

    Up to 20 candidates every minimal set is enumerated (ranked first by ``goal_value·Πp − Σc``, the best
    64 scored in detail); beyond, one minimal set is built greedily by expected net cost per join
    probability. Empty when there is no goal, or it cannot be reached, or it holds already."""
    if problem.goal is None:
        return ()
    m = problem.m
    if m <= GOAL_TABLE_MAX:
        sets = minimal_sets(problem)
        if sets.size == 0 or (sets.size == 1 and sets[0] == 0):
            return ()
        bits = ((sets[:, None] >> np.arange(m, dtype=np.int64)) & 1).astype(bool)
        with np.errstate(divide="ignore"):
            logp = np.where(bits, np.log(np.clip(problem.p, 1e-300, 1.0)), 0.0).sum(axis=1)
        proxy = problem.goal_value * np.exp(logp) - bits.astype(np.float64) @ problem.cost
        keep = np.argsort(-proxy, kind="stable")[: max(DETAILED, top)]
        scored = [series_order(problem, np.flatnonzero(bits[k]).tolist()) for k in keep]
    else:
        pc = np.clip(problem.p, 0.0, 1.0)
        net = problem.cost + (1 - pc) * problem.failure_cost - pc * problem.value
        with np.errstate(divide="ignore", invalid="ignore"):
            key = np.where(pc > 0, net / pc, np.inf)
        none = np.zeros(m, dtype=bool)
        pool = completion(problem, none, np.ones(m, dtype=bool), key)
        if pool is None or not pool.any():
            return ()
        scored = [series_order(problem, np.flatnonzero(pool).tolist())]
    scored.sort(key=lambda t: (-t.expected_payoff, t.cost_if_all_join, t.members))
    return tuple(scored[:top])
