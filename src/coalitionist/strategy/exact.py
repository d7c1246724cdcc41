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

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.errors import TooManyCandidatesError
from coalitionist.strategy.plan import DEFAULT_TREE_NODES, Plan, build_plan
from coalitionist.strategy.policy import Appraisal, evaluate_policy_exact
from coalitionist.strategy.problem import RecruitmentProblem, mask_members

#: Default largest number of candidates :func:`solve_exact` accepts (3^15 ≈ 14.3 million states, about 150 MB).
EXACT_MAX_CANDIDATES = 15

#: States decoded per vectorised block (bounds the temporary memory).
_CHUNK = 1 << 13

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


#: Up to this many columns, row-wise maxima and counts are taken column by column (a NumPy reduction along a
#: short last axis costs several times more than a few whole-column passes).
_COLUMN_LOOP_MAX = 16


def _row_max(q: NDArray[np.float64]) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """``np.argmax(q, axis=1)`` and the maxima (the first maximum of each row; ``q`` has no NaN)."""
    if q.shape[1] > _COLUMN_LOOP_MAX:
        j = np.argmax(q, axis=1)
        return j, q[np.arange(q.shape[0]), j]
    best = q[:, 0].copy()
    j = np.zeros(q.shape[0], dtype=np.intp)
    for k in range(1, q.shape[1]):
        col = q[:, k]
        better = col > best
        np.copyto(j, k, where=better)
        np.copyto(best, col, where=better)
    return j, best


def _two_or_more(flags: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """``np.count_nonzero(flags, axis=1) > 1``."""
    if flags.shape[1] > _COLUMN_LOOP_MAX:
        return np.asarray(np.count_nonzero(flags, axis=1) > 1)
    count = flags[:, 0].astype(np.uint8)
    for k in range(1, flags.shape[1]):
        count += flags[:, k]
    return count > 1


def _digits(idx: NDArray[np.int64], m: int) -> NDArray[np.int8]:
    out = np.empty((idx.size, m), dtype=np.int8)
    t = idx.copy()
    for i in range(m):
        out[:, i] = t % 3
        t //= 3
    return out


def _half_tables(
    n: int,
) -> tuple[NDArray[np.int8], NDArray[np.int64], NDArray[np.int8], list[NDArray[np.int64]]]:
    """For every base-3 number of ``n`` digits: its digits, the bitmask of its 1-digits (joined), its
    number of non-zero digits (asked), and, grouped by that number ``a``, the positions of its zero digits
    (the unasked), ascending: an ``(count with a asked, n − a)`` array per ``a``."""
    dig = _digits(np.arange(3**n, dtype=np.int64), n)
    join = (dig == 1).astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))
    asked = (dig != 0).sum(axis=1).astype(np.int8)
    unasked = []
    for a in range(n + 1):
        rows = dig[asked == a] == 0
        unasked.append(np.nonzero(rows)[1].reshape(rows.shape[0], n - a).astype(np.int64))
    return dig, join, asked, unasked


def _layer_blocks(
    k: int,
    lo_by_asked: list[NDArray[np.int64]],
    hi_by_asked: list[NDArray[np.int64]],
    lo_unasked: list[NDArray[np.int64]],
    hi_unasked: list[NDArray[np.int64]],
    lo_n: int,
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]]:
    """The states with ``k`` candidates asked, as blocks of at most about ``_CHUNK`` states: every low
    half with ``a`` asked combined with every high half with ``k − a``. Each block is (low halves, high
    halves, unasked candidates): the last is ``(states, m − k)``, every state's unasked candidates in
    ascending order (the low half's, then the high half's)."""
    for a, lows in enumerate(lo_by_asked):
        if not 0 <= k - a < len(hi_by_asked) or lows.size == 0:
            continue
        highs = hi_by_asked[k - a]
        if highs.size == 0:
            continue
        lo_cols, hi_cols = lo_unasked[a], hi_unasked[k - a] + lo_n
        per = max(1, _CHUNK // lows.size)
        for start in range(0, highs.size, per):
            h = highs[start : start + per]
            cols = np.concatenate(
                (
                    np.tile(lo_cols, (h.size, 1)),
                    np.repeat(hi_cols[start : start + per], lows.size, axis=0),
                ),
                axis=1,
            )
            yield np.tile(lows, h.size), np.repeat(h, lows.size), cols


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
    # A state index is split into its low `lo_n` and high `m − lo_n` base-3 digits; small tables give each
    # half's digits, joined bitmask, number asked and unasked positions, so a block of states is decoded by
    # lookups, and a layer (states with k asked) is enumerated half by half, without sorting all 3^m states.
    # Only the m − k unasked candidates of a state in layer k are scored (a third of the m·3^m pairs).
    lo_n = (m + 1) // 2
    lo_size = 3**lo_n
    lo_dig, lo_join, lo_asked, lo_unasked = _half_tables(lo_n)
    hi_dig, hi_join, hi_asked, hi_unasked = _half_tables(m - lo_n)
    lo_by_asked = [np.flatnonzero(lo_asked == a) for a in range(lo_n + 1)]
    hi_by_asked = [np.flatnonzero(hi_asked == a) for a in range(m - lo_n + 1)]

    jdense = problem.joins.dense if problem.joins.nnz else None
    rdense = problem.refusals.dense if problem.refusals.nnz else None
    # each half's contribution to every candidate's probability (Σ join effects + Σ refusal effects of
    # its members), so that a state's probabilities are p + low half's + high half's
    lo_eff = np.zeros((lo_dig.shape[0], m))
    hi_eff = np.zeros((hi_dig.shape[0], m))
    for eff_dense, mark in ((jdense, 1), (rdense, 2)):
        if eff_dense is not None:
            lo_eff += (lo_dig == mark).astype(np.float64) @ eff_dense[:lo_n]
            hi_eff += (hi_dig == mark).astype(np.float64) @ eff_dense[lo_n:]
    lo_flat, hi_flat = lo_eff.reshape(-1), hi_eff.reshape(-1)
    pre = np.array(problem.prerequisite_masks, dtype=np.int64)
    via = np.array(problem.via_masks, dtype=np.int64)
    gated = problem.has_gates
    c, v, f, p0 = problem.cost, problem.value, problem.failure_cost, problem.p
    gv = problem.goal_value

    for k in range(m, -1, -1):
        blocks = _layer_blocks(k, lo_by_asked, hi_by_asked, lo_unasked, hi_unasked, lo_n)
        for lo_i, hi_i, cols in blocks:
            idx = hi_i * lo_size + lo_i
            jmask = lo_join[lo_i] | (hi_join[hi_i] << lo_n)
            term = gv * goal[jmask].astype(np.float64)
            if k == m:
                value[idx] = term
                continue
            rows = np.arange(idx.size)
            # the unasked candidates' probabilities: p + low half's effects + high half's
            raw = np.take(lo_flat, lo_i[:, None] * m + cols)
            raw += np.take(hi_flat, hi_i[:, None] * m + cols)
            raw += np.take(p0, cols)
            p = np.clip(raw, 0.0, 1.0, out=raw)
            cc, vv, ff = np.take(c, cols), np.take(v, cols), np.take(f, cols)
            step = np.take(pow3, cols)
            succ = idx[:, None] + step
            # q = −c + p·(v + V(J+i)) + (1 − p)·(V(R+i) − f), in place (the same operations on the same
            # operands, so the same numbers)
            q = np.take(value, succ)
            q += vv
            q *= p
            q -= cc
            succ += step
            back = np.take(value, succ)
            back -= ff
            back *= 1.0 - p
            q += back
            ok: NDArray[np.bool_] | None = None
            if gated:
                need = np.take(pre, cols)
                ok = (jmask[:, None] & need) == need
                through = np.take(via, cols)
                ok &= (through == 0) | ((jmask[:, None] & through) != 0)
                q[~ok] = -np.inf
            best_j, best = _row_max(q)
            best_i = cols[rows, best_j]
            go = best > term + STOP_TOLERANCE * (1.0 + np.abs(term))
            # among (numerically) equal choices prefer the one with the largest effects on the unasked
            # (the enabler first), then the best standalone net gain now; a state with one best choice
            # (most of them) takes it, so the tie rules are evaluated on the tied states only
            near = q >= (best - TIE_TOLERANCE * (1.0 + np.abs(best)))[:, None]
            if ok is not None:
                near &= ok
            tied = np.flatnonzero(go & _two_or_more(near))
            if tied.size:
                near_t = near[tied]
                cols_t = cols[tied]
                if jdense is not None:
                    # Σ_k |Δp(i joins → k)| over the unasked k (before clipping)
                    dig_t = np.concatenate((lo_dig[lo_i[tied]], hi_dig[hi_i[tied]]), axis=1)
                    moved = (dig_t == 0).astype(np.float64) @ np.abs(jdense).T
                    moved = np.take_along_axis(moved, cols_t, axis=1)
                    key1 = np.where(near_t, moved, -np.inf)
                    near_t &= key1 >= key1.max(axis=1, keepdims=True) - 1e-12
                pt = p[tied]
                net_now = pt * vv[tied] - cc[tied] - (1.0 - pt) * ff[tied]
                pick = np.argmax(np.where(near_t, net_now, -np.inf), axis=1)
                best_i[tied] = cols_t[np.arange(tied.size), pick]
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
