"""The exact optimum: dynamic programming over (joined, refused) states.

A state assigns every candidate one of three marks, 0 = not yet asked, 1 = joined, 2 = refused, and is
stored at the base-3 index ``Σ_i mark_i · 3^i``. The Bellman equation of the model in
:mod:`coalitionist.strategy.problem` is

    V(J, R) = max( goal_value · [goal(J)],
                   max_{i approachable} −c_i + p_i(J, R)·(v_i + V(J+i, R)) + (1 − p_i(J, R))·(−f_i + V(J, R+i)) ).

Both successors have one more candidate asked, so the states are solved layer by layer, from the layer where
everyone has been asked down to the empty state; each layer is one vectorised NumPy pass
(O(m·3^m) time, O(3^m) memory for the value and decision tables). This is the formalisation of Sebenius'
sequencing problem given in the project notes (negotiation-and-sequencing §3.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.errors import TooManyCandidatesError
from coalitionist.strategy.plan import DEFAULT_TREE_NODES, Plan, build_plan
from coalitionist.strategy.policy import Appraisal, evaluate_policy_exact
from coalitionist.strategy.problem import RecruitmentProblem, mask_members

#: Default largest number of candidates :func:`solve_exact` accepts (3^13 ≈ 1.6 million states).
EXACT_MAX_CANDIDATES = 13

#: States decoded per vectorised block (bounds the temporary memory).
_CHUNK = 1 << 15

#: Choices whose expected payoffs differ by less than this (relative) are ties, broken by the larger sum of
#: |join effects| on the unasked candidates, then by the larger standalone net gain now
#: ``p·v − c − (1 − p)·f``, then by the lower index.
TIE_TOLERANCE = 1e-12

#: An approach is preferred to stopping only when it is better by more than this (relative) margin.
STOP_TOLERANCE = 1e-12


@dataclass(frozen=True)
class ExactTables:
    """The solved DP: ``value[s]`` (optimal expected payoff from state ``s``) and ``action[s]`` (the
    candidate to approach there, −1 = stop), indexed by base-3 state index."""

    problem: RecruitmentProblem
    value: NDArray[np.float64]
    action: NDArray[np.int16]

    def state_index(self, joined: int, refused: int) -> int:
        """Base-3 index of a (joined, refused) bitmask pair."""
        return sum(3**i for i in mask_members(joined)) + sum(
            2 * 3**i for i in mask_members(refused)
        )

    def value_at(self, joined: int, refused: int) -> float:
        """Optimal expected payoff from a state."""
        return float(self.value[self.state_index(joined, refused)])

    def decide(self, joined: int, refused: int) -> int:
        """Optimal candidate to approach (−1 = stop)."""
        return int(self.action[self.state_index(joined, refused)])

    def q_values(self, joined: int, refused: int) -> tuple[float, NDArray[np.float64]]:
        """Stop value and the expected payoff of approaching each candidate first (NaN = not allowed)."""
        prob = self.problem
        s = self.state_index(joined, refused)
        p = prob.probabilities_at(joined, refused)
        stop = prob.goal_value * float(prob.goal_of(joined))
        q = np.full(prob.m, np.nan)
        for i in prob.approachable_at(joined, refused):
            vj = self.value[s + 3**i]
            vr = self.value[s + 2 * 3**i]
            q[i] = (
                -prob.cost[i]
                + p[i] * (prob.value[i] + vj)
                + (1 - p[i]) * (-prob.failure_cost[i] + vr)
            )
        return stop, q


def _digits(idx: NDArray[np.int64], m: int) -> NDArray[np.int8]:
    out = np.empty((idx.size, m), dtype=np.int8)
    t = idx.copy()
    for i in range(m):
        out[:, i] = t % 3
        t //= 3
    return out


def exact_tables(
    problem: RecruitmentProblem, *, max_candidates: int = EXACT_MAX_CANDIDATES
) -> ExactTables:
    """Solve the recruitment problem exactly by backward induction over all 3^m states.

    Parameters
    ----------
    problem : RecruitmentProblem
    max_candidates : int
        Refuse problems with more candidates than this (time and memory grow as 3^m).

    Returns
    -------
    ExactTables
        The optimal value and decision of every state.

    Raises
    ------
    TooManyCandidatesError
        If ``problem.m > max_candidates``.

    Notes
    -----
    Algorithm:

    1. Tabulate the goal over all 2^m joined sets (one batched call of the predicate).
    2. Group the 3^m states by the number of candidates asked.
    3. For each layer, from m asked down to 0: decode the layer's states, compute every candidate's current
       probability ``clip(p + J·join_effect + R·refuse_effect)``, the expected payoff of approaching each
       approachable candidate from the already solved next layer, and keep the best of those and stopping.

    Ties between approaching and stopping go to stopping; ties between candidates go to the one with the
    largest join effects on the unasked (the enabler first), then to the larger standalone net gain
    ``p·v − c − (1 − p)·f`` now, then to the lower index.
    """
    m = problem.m
    if m > max_candidates:
        raise TooManyCandidatesError(
            f"the exact planner handles at most {max_candidates} candidates (3^{max_candidates} states); "
            f"this problem has {m}: use the scalable planner"
        )
    goal = problem.goal_table
    assert goal is not None  # m ≤ max_candidates ≤ GOAL_TABLE_MAX
    n_states = 3**m
    value = np.zeros(n_states, dtype=np.float64)
    action = np.full(n_states, -1, dtype=np.int16)
    if m == 0:
        value[0] = problem.goal_value * float(goal[0])
        return ExactTables(problem, value, action)

    pow3 = 3 ** np.arange(m, dtype=np.int64)
    pow2 = 1 << np.arange(m, dtype=np.int64)
    all_idx = np.arange(n_states, dtype=np.int64)
    asked = np.zeros(n_states, dtype=np.int8)
    t = all_idx.copy()
    for _ in range(m):
        asked += (t % 3 != 0).astype(np.int8)
        t //= 3
    del t
    order = np.argsort(asked, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(asked, minlength=m + 1))))
    del asked

    jdense = problem.joins.dense if problem.joins.nnz else None
    rdense = problem.refusals.dense if problem.refusals.nnz else None
    pre = np.array(problem.prerequisite_masks, dtype=np.int64)
    via = np.array(problem.via_masks, dtype=np.int64)
    gated = problem.has_gates
    c, v, f, p0 = problem.cost, problem.value, problem.failure_cost, problem.p
    gv = problem.goal_value

    for k in range(m, -1, -1):
        layer = order[bounds[k] : bounds[k + 1]]
        for lo in range(0, layer.size, _CHUNK):
            idx = layer[lo : lo + _CHUNK]
            dig = _digits(idx, m)
            joined = dig == 1
            jmask = joined.astype(np.int64) @ pow2
            term = gv * goal[jmask].astype(np.float64)
            if k == m:
                value[idx] = term
                continue
            refused = dig == 2
            raw = np.broadcast_to(p0, dig.shape).copy()
            if jdense is not None:
                raw += joined.astype(np.float64) @ jdense
            if rdense is not None:
                raw += refused.astype(np.float64) @ rdense
            p = np.clip(raw, 0.0, 1.0)
            avail = dig == 0
            if gated:
                avail &= (jmask[:, None] & pre[None, :]) == pre[None, :]
                avail &= (via[None, :] == 0) | ((jmask[:, None] & via[None, :]) != 0)
            succ = np.where(avail, idx[:, None] + pow3[None, :], 0)
            q = -c + p * (v + value[succ])
            succ = np.where(avail, succ + pow3[None, :], 0)
            q += (1.0 - p) * (value[succ] - f)
            q[~avail] = -np.inf
            best = q.max(axis=1)
            # among (numerically) equal choices prefer the one with the largest effects on the unasked
            # (the enabler first), then the best standalone net gain now
            near = q >= (best - TIE_TOLERANCE * (1.0 + np.abs(best)))[:, None]
            go = best > term + STOP_TOLERANCE * (1.0 + np.abs(term))
            near &= avail
            tied = np.flatnonzero(go & (near.sum(axis=1) > 1))
            if jdense is not None and tied.size:
                # Σ_k |Δp(i joins → k)| over the unasked k (before clipping)
                moved = (dig[tied] == 0).astype(np.float64) @ np.abs(jdense).T
                key1 = np.where(near[tied], moved, -np.inf)
                near[tied] &= key1 >= key1.max(axis=1, keepdims=True) - 1e-12
            net_now = p * v - c - (1.0 - p) * f
            best_i = np.argmax(np.where(near, net_now, -np.inf), axis=1)
            value[idx] = np.where(go, best, term)
            action[idx] = np.where(go, best_i, -1).astype(np.int16)
    return ExactTables(problem, value, action)


@dataclass(frozen=True)
class ExactOracle:
    """The optimal policy read from solved DP tables."""

    tables: ExactTables

    def decide(self, joined: int, refused: int) -> int:
        """Optimal decision (−1 = stop)."""
        return self.tables.decide(joined, refused)

    def appraise(self, joined: int, refused: int) -> Appraisal:
        """Exact expected payoff of stopping and of approaching each candidate now."""
        stop, q = self.tables.q_values(joined, refused)
        return Appraisal("expected_payoff", stop, q)


def solve_exact(
    problem: RecruitmentProblem,
    *,
    max_candidates: int = EXACT_MAX_CANDIDATES,
    max_nodes: int = DEFAULT_TREE_NODES,
) -> Plan:
    """The optimal adaptive plan, by dynamic programming over all (joined, refused) states.

    Parameters
    ----------
    problem : RecruitmentProblem
    max_candidates : int
        Largest problem accepted (time and memory grow as 3^m; 13 takes about a second).
    max_nodes : int
        Approach nodes written out in ``plan.policy`` (most probable first); the plan answers
        :meth:`Plan.next_action` for every state regardless.

    Returns
    -------
    Plan
        ``method == "exact"``, ``payoff_is_exact``, ``gap_to_optimum == 0``.

    See Also
    --------
    exact_tables : the DP itself.

    References
    ----------
    Sebenius, J. K. (1996). Sequencing to build coalitions: with whom should I talk first? In
    Zeckhauser, Keeney & Sebenius (eds.), *Wise Choices*. Harvard Business School Press.
    Bellman, R. (1957). *Dynamic Programming*. Princeton University Press.
    """
    tables = exact_tables(problem, max_candidates=max_candidates)
    oracle = ExactOracle(tables)
    stats = evaluate_policy_exact(problem, oracle.decide)
    optimum = float(tables.value[0])
    return build_plan(
        problem,
        oracle,
        method="exact",
        expected_payoff=optimum,
        p_goal=stats.p_goal,
        payoff_is_exact=True,
        optimum=optimum,
        details={
            "states": 3**problem.m,
            "expected_value_gained": stats.expected_value,
            "expected_cost": stats.expected_cost,
            "expected_failure_cost": stats.expected_failure_cost,
            "expected_approaches": stats.expected_approaches,
        },
        max_nodes=max_nodes,
    )
