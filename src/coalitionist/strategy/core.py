"""An exact core with an index-policy tail: the base policy of rollout for mid-sized problems.

The ``size`` candidates that matter most at the start — the cheapest completion of the goal
(:func:`coalitionist.strategy.marginals.completion`) first, then the highest indices — form the *core*. The
core problem (only core candidates; the others never join; each core member's value and failure cost
adjusted by its one-step process effect on the others, as in the index) is solved exactly by dynamic
programming (:mod:`coalitionist.strategy.exact`). The policy follows the core's optimal decisions while they
approach someone, and then the index policy on the candidates outside the core.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.exact import ExactTables, exact_tables
from coalitionist.strategy.marginals import completion
from coalitionist.strategy.policy import Appraisal
from coalitionist.strategy.problem import RecruitmentProblem
from coalitionist.strategy.scalable import INDEX_TOLERANCE, CoreTable, GreedyOracle

#: Default size of the exact core (3^12 states: a fraction of a second).
CORE_SIZE = 12


def select_core(problem: RecruitmentProblem, greedy: GreedyOracle, size: int) -> list[int]:
    """The core: the cheapest completion of the goal (by expected net cost per goal marginal), then
    alternately the next goal-relevant candidate in that order (a backup) and the candidate with the next
    highest index; only candidates whose gates lie inside the core."""
    m = problem.m
    if m <= size:
        return list(range(m))
    view = greedy.view(0, 0)
    score = view.score
    chosen: list[int] = []
    by_key: list[int] = []
    if view.goal_active:
        pc = np.clip(view.raw, 0.0, 1.0)
        net = problem.cost + (1 - pc) * problem.failure_cost - pc * problem.value
        scale = pc * np.maximum(view.gamma, 1e-9 * abs(problem.goal_value))
        with np.errstate(divide="ignore", invalid="ignore"):
            key = np.where(pc > 0, net / scale, np.inf)
        pool = completion(problem, view.joined, view.eligible, key)
        if pool is not None:
            members = np.flatnonzero(pool)
            chosen = [int(i) for i in members[np.argsort(key[members], kind="stable")]][:size]
        relevant = np.flatnonzero(view.eligible & (view.gamma > 0))
        by_key = [int(i) for i in relevant[np.argsort(key[relevant], kind="stable")]]
    by_index = [int(i) for i in np.argsort(-score, kind="stable")]
    # then alternately the next backup for the goal and the next best index
    queues = [by_key, by_index]
    turn = 0
    while len(chosen) < size and (queues[0] or queues[1]):
        q = queues[turn % 2] or queues[(turn + 1) % 2]
        i = q.pop(0)
        if i not in chosen:
            chosen.append(i)
            turn += 1
    # drop members whose gates lie outside, until none is left (a dropped member may gate another)
    core = set(chosen)
    while True:
        ok = {
            i
            for i in core
            if problem.prerequisites[i] <= core and (not problem.via[i] or problem.via[i] & core)
        }
        if ok == core:
            return sorted(core)
        core = ok


def core_problem(
    problem: RecruitmentProblem, core: list[int], gamma: NDArray[np.float64]
) -> RecruitmentProblem:
    """The problem restricted to ``core`` (others never join), with each member's value raised by what its
    joining adds to the others outside the core and its failure cost by what its refusal takes from them
    (the index's one-step valuation ``H_k``, with goal marginals ``gamma``)."""
    m = problem.m
    in_core = np.zeros(m, dtype=bool)
    in_core[core] = True
    pos = -np.ones(m, dtype=np.int64)
    pos[core] = np.arange(len(core))
    p0 = np.clip(problem.p, 0.0, 1.0)
    worth = problem.value + gamma + problem.failure_cost
    bar = problem.cost + problem.failure_cost

    def h(q: NDArray[np.float64], k: NDArray[np.int64]) -> NDArray[np.float64]:
        return np.maximum(0.0, q * worth[k] - bar[k])

    value = problem.value[core].copy()
    fail = problem.failure_cost[core].copy()
    sub_eff = []
    for eff, sign in ((problem.joins, 1.0), (problem.refusals, -1.0)):
        outside = ~in_core[eff.dst]
        src_core = in_core[eff.src]
        sel = src_core & outside
        gain = h(np.clip(problem.p[eff.dst[sel]] + eff.delta[sel], 0, 1), eff.dst[sel]) - h(
            p0[eff.dst[sel]], eff.dst[sel]
        )
        per = np.bincount(pos[eff.src[sel]], weights=gain, minlength=len(core))
        if sign > 0:
            value += per
        else:
            fail -= per
        inner = src_core & ~outside
        mat = np.zeros((len(core), len(core)))
        mat[pos[eff.src[inner]], pos[eff.dst[inner]]] = eff.delta[inner]
        sub_eff.append(mat)
    core_idx = np.array(core, dtype=np.int64)

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        full = np.zeros((masks.shape[0], m), dtype=bool)
        full[:, core_idx] = masks
        return problem.goal_many(full)

    remap = {int(c): k for k, c in enumerate(core)}
    return RecruitmentProblem(
        tuple(problem.candidates[i] for i in core),
        problem.p[core],
        value,
        problem.cost[core],
        np.maximum(fail, 0.0),
        prerequisites=tuple(frozenset(remap[j] for j in problem.prerequisites[i]) for i in core),
        via=tuple(frozenset(remap[j] for j in problem.via[i] if j in remap) for i in core),
        join_effect=sub_eff[0],
        refuse_effect=sub_eff[1],
        goal=goal if problem.goal is not None else None,
        goal_value=problem.goal_value,
        goal_kind=problem.goal_kind,
    )


class CoreOracle:
    """Exact decisions on the core, then the index policy on the rest."""

    def __init__(self, problem: RecruitmentProblem, greedy: GreedyOracle, *, size: int = CORE_SIZE):
        self.problem = problem
        self.greedy = greedy
        self.core = select_core(problem, greedy, size)
        self.in_core = np.zeros(problem.m, dtype=bool)
        self.in_core[self.core] = True
        self.sub = core_problem(problem, self.core, greedy.view(0, 0).gamma)
        self.tables: ExactTables = exact_tables(self.sub, max_candidates=max(size, len(self.core)))
        self._pow3 = [3**k for k in range(len(self.core))]
        position = -np.ones(problem.m, dtype=np.int64)
        position[self.core] = np.arange(len(self.core))
        self.table = CoreTable(self.tables.action, np.array(self.core, dtype=np.int64), position)
        self._decisions: dict[tuple[int, int], int] = {}

    def _core_state(self, joined: int, refused: int) -> int:
        s = 0
        for k, i in enumerate(self.core):
            if joined >> i & 1:
                s += self._pow3[k]
            elif refused >> i & 1:
                s += 2 * self._pow3[k]
        return s

    def decide(self, joined: int, refused: int) -> int:
        """The core's optimal decision while it approaches someone, else the index policy outside it."""
        key = (joined, refused)
        hit = self._decisions.get(key)
        if hit is not None:
            return hit
        a = int(self.tables.action[self._core_state(joined, refused)])
        out = self.core[a] if a >= 0 else -1
        if out >= 0 and not self.problem.gate_open(out, joined):
            out = -1
        if out < 0:
            sc = self.greedy.scores(joined, refused)
            sc = np.where(self.in_core, -np.inf, sc)
            b = int(np.argmax(sc)) if sc.size else -1
            out = b if b >= 0 and sc[b] > INDEX_TOLERANCE else -1
        self._decisions[key] = out
        return out

    def appraise(self, joined: int, refused: int) -> Appraisal:
        """The index of the candidates (the core's values are for the core problem only)."""
        return self.greedy.appraise(joined, refused)


def core_members(oracle: CoreOracle) -> list[str]:
    """Ids of the core."""
    return [oracle.problem.candidates[i] for i in oracle.core]
