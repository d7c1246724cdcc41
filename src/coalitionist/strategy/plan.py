"""The plan a planner returns: an adaptive decision tree, its main line explained, and per-candidate answers."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.jsonable import plain as _plain
from coalitionist.strategy.explain import candidate_note, step_why
from coalitionist.strategy.policy import Appraisal, PolicyOracle
from coalitionist.strategy.problem import RecruitmentProblem, mask_members

#: Default number of approach nodes written out in a plan's decision tree.
DEFAULT_TREE_NODES = 127

#: Probability changes smaller than this are not reported as process effects.
EFFECT_EPS = 1e-9


@dataclass(frozen=True)
class EffectChange:
    """Another candidate's chance before and after an outcome."""

    actor: str
    before: float
    after: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"actor": self.actor, "before": float(self.before), "after": float(self.after)}


@dataclass(frozen=True)
class PolicyNode:
    """One decision of the adaptive plan: approach ``actor`` (who joins with probability ``p`` then), then
    follow ``on_join`` or ``on_refuse`` (None = stop). ``truncated`` nodes were not expanded in the written
    tree; :meth:`Plan.next_action` still answers for every state."""

    actor: str
    p: float
    reach: float
    on_join: PolicyNode | None = None
    on_refuse: PolicyNode | None = None
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``{"actor", "p", "reach", "on_join", "on_refuse"}`` or ``{"actor", "p", "reach",
        "truncated": true}``."""
        out: dict[str, Any] = {"actor": self.actor, "p": float(self.p), "reach": float(self.reach)}
        if self.truncated:
            out["truncated"] = True
            return out
        out["on_join"] = self.on_join.to_dict() if self.on_join is not None else None
        out["on_refuse"] = self.on_refuse.to_dict() if self.on_refuse is not None else None
        return out

    def count(self) -> int:
        """Number of approach nodes in this subtree."""
        return (
            1
            + (self.on_join.count() if self.on_join is not None else 0)
            + (self.on_refuse.count() if self.on_refuse is not None else 0)
        )


@dataclass(frozen=True)
class PlanStep:
    """One step of the main line (the path on which every approach succeeds)."""

    position: int
    actor: str
    p: float
    value: float
    cost: float
    failure_cost: float
    raises: tuple[EffectChange, ...]
    if_refused: tuple[EffectChange, ...]
    reaches_goal: bool
    goal_lost_on_refusal: bool
    on_refuse: str | None
    score: float | None
    score_kind: str
    alternative: str | None
    alternative_score: float | None
    why: str
    #: The actors of the earlier steps of the main line: ``p`` and ``score`` hold once they have joined.
    joined_before: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the issue's ``steps`` entries plus the numbers behind ``why``)."""
        return {
            "position": self.position,
            "actor": self.actor,
            "p": float(self.p),
            "value": float(self.value),
            "cost": float(self.cost),
            "failure_cost": float(self.failure_cost),
            "why": self.why,
            "effects_if_joins": [e.to_dict() for e in self.raises],
            "effects_if_refuses": [e.to_dict() for e in self.if_refused],
            "reaches_goal": self.reaches_goal,
            "goal_lost_on_refusal": self.goal_lost_on_refusal,
            "on_refuse": self.on_refuse,
            "score": None if self.score is None else float(self.score),
            "score_kind": self.score_kind,
            "alternative": self.alternative,
            "alternative_score": None
            if self.alternative_score is None
            else float(self.alternative_score),
            "joined_before": list(self.joined_before),
        }


@dataclass(frozen=True)
class CandidateAnswer:
    """The lecture's four questions for one candidate, asked now: how probable, how valuable, how costly
    is success, how costly is failure — plus the process effects and the candidate's place in the plan."""

    actor: str
    p: float
    value: float
    cost_of_success: float
    cost_of_failure: float
    expected_net_now: float
    raises: tuple[EffectChange, ...]
    if_refused: tuple[EffectChange, ...]
    approachable: bool
    waiting_for: tuple[str, ...]
    expected_payoff_if_first: float | None
    plan_position: int | None
    in_policy: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "actor": self.actor,
            "p": float(self.p),
            "value": float(self.value),
            "cost_of_success": float(self.cost_of_success),
            "cost_of_failure": float(self.cost_of_failure),
            "expected_net_now": float(self.expected_net_now),
            "effects_if_joins": [e.to_dict() for e in self.raises],
            "effects_if_refuses": [e.to_dict() for e in self.if_refused],
            "approachable": self.approachable,
            "waiting_for": list(self.waiting_for),
            "expected_payoff_if_first": (
                None
                if self.expected_payoff_if_first is None
                else float(self.expected_payoff_if_first)
            ),
            "plan_position": self.plan_position,
            "in_policy": self.in_policy,
            "note": self.note,
        }


@dataclass(frozen=True, repr=False)
class Plan(ReprMixin, FrameMixin):
    """An adaptive recruitment plan.

    Attributes
    ----------
    method : str
        ``"exact"``, ``"rollout"`` or ``"greedy"``.
    expected_payoff, p_goal : float
        Expected payoff and probability of reaching the goal when the plan is followed; exact when
        ``payoff_is_exact``, otherwise estimated by simulation (``standard_error`` given).
    policy : PolicyNode or None
        The decision tree (None = approach nobody).
    steps : tuple of PlanStep
        The main line (every approach succeeds), each step explained.
    candidates : tuple of CandidateAnswer
        Per-candidate answers, in the problem's order.
    target : tuple of str
        Who has joined at the end of the main line; ``reaches_goal`` whether that set reaches the goal and
        ``target_is_minimal`` whether every member of it is needed for the goal (None without a goal).
    optimum, gap_to_optimum : float or None
        The exact optimum and ``optimum − expected_payoff`` where the optimum is computable.
    details : mapping
        Method parameters and statistics (JSON-serialisable).
    """

    method: str
    goal_kind: str
    focal: str | None
    expected_payoff: float
    p_goal: float
    payoff_is_exact: bool
    standard_error: float | None
    policy: PolicyNode | None
    steps: tuple[PlanStep, ...]
    candidates: tuple[CandidateAnswer, ...]
    target: tuple[str, ...]
    reaches_goal: bool
    target_is_minimal: bool | None
    optimum: float | None
    gap_to_optimum: float | None
    details: Mapping[str, Any]
    oracle: PolicyOracle = field(repr=False, compare=False)
    problem: RecruitmentProblem = field(repr=False, compare=False)

    @property
    def first(self) -> str | None:
        """Whom to approach first (None = nobody)."""
        return self.steps[0].actor if self.steps else None

    @property
    def sequence(self) -> tuple[str, ...]:
        """The main line: whom to approach, in order, while every approach succeeds."""
        return tuple(s.actor for s in self.steps)

    def decide(self, joined: int, refused: int) -> int:
        """The plan's decision for a bitmask state (−1 = stop)."""
        return self.oracle.decide(joined, refused)

    def next_action(self, joined: Iterable[str] = (), refused: Iterable[str] = ()) -> str | None:
        """Whom to approach next once ``joined`` have joined and ``refused`` have refused (None = stop)."""
        prob = self.problem
        jm = sum(1 << prob.index(a) for a in joined)
        rm = sum(1 << prob.index(a) for a in refused)
        a = self.oracle.decide(jm, rm)
        return None if a < 0 else prob.candidates[a]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (the ``coalitionist plan --json`` body)."""
        out: dict[str, Any] = {
            "method": self.method,
            "goal": self.goal_kind,
            "focal": self.focal,
            "expected_payoff": float(self.expected_payoff),
            "p_goal": float(self.p_goal),
            "payoff_is_exact": self.payoff_is_exact,
            "first": self.first,
            "sequence": list(self.sequence),
            "target": list(self.target),
            "reaches_goal": self.reaches_goal,
            "target_is_minimal": self.target_is_minimal,
            "policy": self.policy.to_dict() if self.policy is not None else None,
            "steps": [s.to_dict() for s in self.steps],
            "candidates": [c.to_dict() for c in self.candidates],
            "details": _plain(dict(self.details)),
        }
        if self.standard_error is not None:
            out["standard_error"] = float(self.standard_error)
        if self.optimum is not None:
            out["optimum"] = float(self.optimum)
        if self.gap_to_optimum is not None:
            out["gap_to_optimum"] = float(self.gap_to_optimum)
        return out


# ---------------------------------------------------------------------------------------------- building


def _row_changes(
    problem: RecruitmentProblem, raw: NDArray[np.float64], a: int, joins: bool, asked: int
) -> tuple[EffectChange, ...]:
    """Unasked candidates whose chance changes when ``a`` joins (refuses), from state raw probabilities."""
    dst, delta = (problem.joins if joins else problem.refusals).row(a)
    before = np.clip(raw[dst], 0.0, 1.0)
    after = np.clip(raw[dst] + delta, 0.0, 1.0)
    out = [
        (int(k), float(b), float(x))
        for k, b, x in zip(dst.tolist(), before.tolist(), after.tolist(), strict=True)
        if abs(x - b) > EFFECT_EPS and not asked >> int(k) & 1
    ]
    out.sort(key=lambda t: (-abs(t[2] - t[1]), t[0]))
    return tuple(EffectChange(problem.candidates[k], b, x) for k, b, x in out)


def inert_candidates(problem: RecruitmentProblem) -> NDArray[np.bool_]:
    """The candidates whose joining changes nothing but the bill: worth 0 on their own, no effect on
    anyone's chance (joining or refusing), nobody's prerequisite or intermediary, and never the one that
    makes or unmakes the goal (checked exactly on the goal over all joined sets; without that table no
    candidate is called inert). Approaching one first is the plan plus a wasted move, so a step's "best
    alternative" is never one of them (an SSW seat that never decides a Bundestag vote)."""
    m = problem.m
    out = np.zeros(m, dtype=bool)
    table = problem.goal_table if problem.has_goal else np.zeros(1 << m, dtype=bool)
    if table is None:
        return out
    gates = 0
    for mask in (*problem.prerequisite_masks, *problem.via_masks):
        gates |= mask
    idx = np.arange(1 << m, dtype=np.int64)
    for j in range(m):
        if problem.value[j] != 0 or gates >> j & 1:
            continue
        if any(np.any(eff.row(j)[1] != 0) for eff in (problem.joins, problem.refusals)):
            continue
        bit = np.int64(1 << j)
        out[j] = bool(np.all(table[idx] == table[idx | bit]))
    return out


def _best_alternative(
    appraisal: Appraisal | None,
    chosen: int,
    names: tuple[str, ...],
    inert: NDArray[np.bool_] | None = None,
) -> tuple[float | None, str | None, float | None]:
    """(chosen score, best alternative's name or None for stopping, its score); an ``inert`` candidate
    (:func:`inert_candidates`) is no alternative: approaching it changes nothing but the cost."""
    if appraisal is None:
        return None, None, None
    scores = appraisal.scores
    chosen_score = float(scores[chosen]) if np.isfinite(scores[chosen]) else None
    others = scores.copy()
    others[chosen] = np.nan
    if inert is not None:
        others[inert] = np.nan
    alt_name: str | None = None
    alt_score = float(appraisal.stop)
    if np.any(np.isfinite(others)):
        j = int(np.nanargmax(others))
        if others[j] > alt_score:
            alt_name, alt_score = names[j], float(others[j])
    if appraisal.kind == "index" and alt_name is None:
        # an index compares candidates with each other, not with stopping
        return chosen_score, None, None
    return chosen_score, alt_name, alt_score


def _goal_lost(problem: RecruitmentProblem, joined: int, refused_before: int, a: int) -> bool:
    if not problem.has_goal or problem.goal_of(joined):
        return False
    alive_before = problem.eventually_approachable_at(joined, refused_before)
    alive_after = problem.eventually_approachable_at(joined, refused_before | 1 << a)
    return problem.goal_of(joined | alive_before) and not problem.goal_of(joined | alive_after)


def build_tree(
    problem: RecruitmentProblem, oracle: PolicyOracle, *, max_nodes: int = DEFAULT_TREE_NODES
) -> PolicyNode | None:
    """Write out the policy as a tree, expanding the most probable states first, ``max_nodes`` at most."""
    expanded: dict[tuple[int, int], tuple[int, float, float]] = {}
    heap: list[tuple[float, int, int, int]] = [(-1.0, 0, 0, 0)]
    counter = 1
    while heap and len(expanded) < max_nodes:
        neg_reach, _, joined, refused = heapq.heappop(heap)
        a = oracle.decide(joined, refused)
        if a < 0:
            expanded[(joined, refused)] = (-1, 0.0, -neg_reach)
            continue
        p = float(problem.probabilities_at(joined, refused)[a])
        expanded[(joined, refused)] = (a, p, -neg_reach)
        reach = -neg_reach
        if p > 0.0:
            heapq.heappush(heap, (-reach * p, counter, joined | 1 << a, refused))
            counter += 1
        if p < 1.0:
            heapq.heappush(heap, (-reach * (1.0 - p), counter, joined, refused | 1 << a))
            counter += 1

    def make(joined: int, refused: int, reach: float) -> PolicyNode | None:
        hit = expanded.get((joined, refused))
        if hit is None:
            a = oracle.decide(joined, refused)
            if a < 0:
                return None
            p = float(problem.probabilities_at(joined, refused)[a])
            return PolicyNode(problem.candidates[a], p, reach, truncated=True)
        a, p, _ = hit
        if a < 0:
            return None
        on_join = make(joined | 1 << a, refused, reach * p) if p > 0.0 else None
        on_refuse = make(joined, refused | 1 << a, reach * (1.0 - p)) if p < 1.0 else None
        return PolicyNode(problem.candidates[a], p, reach, on_join, on_refuse)

    return make(0, 0, 1.0)


def _tree_actors(node: PolicyNode | None, acc: set[str]) -> set[str]:
    if node is not None:
        acc.add(node.actor)
        _tree_actors(node.on_join, acc)
        _tree_actors(node.on_refuse, acc)
    return acc


def build_plan(
    problem: RecruitmentProblem,
    oracle: PolicyOracle,
    *,
    method: str,
    expected_payoff: float,
    p_goal: float,
    payoff_is_exact: bool,
    standard_error: float | None = None,
    optimum: float | None = None,
    details: Mapping[str, Any] | None = None,
    max_nodes: int = DEFAULT_TREE_NODES,
) -> Plan:
    """Assemble a :class:`Plan` from a policy: the tree, the explained main line and the candidate table."""
    names = problem.candidates
    m = problem.m
    policy = build_tree(problem, oracle, max_nodes=max_nodes)
    inert = inert_candidates(problem)

    steps: list[PlanStep] = []
    joined = 0
    raw = problem.p.copy()
    for position in range(1, m + 1):
        a = oracle.decide(joined, 0)
        if a < 0:
            break
        p_a = float(np.clip(raw[a], 0.0, 1.0))
        asked = joined | 1 << a
        nxt = oracle.decide(joined, 1 << a)
        appraisal = oracle.appraise(joined, 0)
        score, alt, alt_score = _best_alternative(appraisal, a, names, inert)
        raises = _row_changes(problem, raw, a, True, asked)
        if_refused = _row_changes(problem, raw, a, False, asked)
        reaches = (
            problem.has_goal and not problem.goal_of(joined) and problem.goal_of(joined | 1 << a)
        )
        lost = _goal_lost(problem, joined, 0, a)
        kind = appraisal.kind if appraisal is not None else "index"
        why = step_why(
            actor=names[a],
            position=position,
            p=p_a,
            value=float(problem.value[a]),
            cost=float(problem.cost[a]),
            failure_cost=float(problem.failure_cost[a]),
            on_join=[(e.actor, e.before, e.after) for e in raises],
            on_refuse=[(e.actor, e.before, e.after) for e in if_refused],
            reaches_goal=reaches,
            goal_lost_on_refusal=lost,
            next_on_refusal=None if nxt < 0 else names[nxt],
            score=score,
            score_kind=kind,
            alternative=alt,
            alternative_score=alt_score,
            goal_kind=problem.goal_kind,
            joined_before=[st.actor for st in steps],
        )
        steps.append(
            PlanStep(
                position=position,
                actor=names[a],
                p=p_a,
                value=float(problem.value[a]),
                cost=float(problem.cost[a]),
                failure_cost=float(problem.failure_cost[a]),
                raises=raises,
                if_refused=if_refused,
                reaches_goal=reaches,
                goal_lost_on_refusal=lost,
                on_refuse=None if nxt < 0 else names[nxt],
                score=score,
                score_kind=kind,
                alternative=alt,
                alternative_score=alt_score,
                why=why,
                joined_before=tuple(st.actor for st in steps),
            )
        )
        dst, delta = problem.joins.row(a)
        raw[dst] += delta
        joined |= 1 << a

    target = tuple(names[i] for i in mask_members(joined))
    reaches_goal = problem.goal_of(joined)
    minimal: bool | None = None
    if problem.goal is not None and reaches_goal:
        minimal = not any(problem.goal_of(joined & ~(1 << i)) for i in mask_members(joined))

    # candidate answers at the start
    root = oracle.appraise(0, 0)
    p0 = np.clip(problem.p, 0.0, 1.0)
    in_tree = _tree_actors(policy, set())
    position_of = {s.actor: s.position for s in steps}
    answers = []
    for i, name in enumerate(names):
        raises = _row_changes(problem, problem.p, i, True, 1 << i)
        if_refused = _row_changes(problem, problem.p, i, False, 1 << i)
        waiting = tuple(names[j] for j in problem.unmet_gates(i, 0))
        approachable = problem.gate_open(i, 0)
        if_first = None
        if root is not None and root.kind != "index" and np.isfinite(root.scores[i]):
            if_first = float(root.scores[i])
        net = float(
            p0[i] * problem.value[i] - problem.cost[i] - (1 - p0[i]) * problem.failure_cost[i]
        )
        harms = [(e.actor, e.before, e.after) for e in raises if e.after < e.before]
        note = candidate_note(
            position=position_of.get(name),
            in_policy=name in in_tree,
            approachable=approachable,
            waiting_for=waiting,
            value=float(problem.value[i]),
            harms=harms,
            net_now=net,
            if_first=if_first,
            plan_value=expected_payoff,
        )
        answers.append(
            CandidateAnswer(
                actor=name,
                p=float(p0[i]),
                value=float(problem.value[i]),
                cost_of_success=float(problem.cost[i]),
                cost_of_failure=float(problem.cost[i] + problem.failure_cost[i]),
                expected_net_now=net,
                raises=raises,
                if_refused=if_refused,
                approachable=approachable,
                waiting_for=waiting,
                expected_payoff_if_first=if_first,
                plan_position=position_of.get(name),
                in_policy=name in in_tree,
                note=note,
            )
        )

    gap = None if optimum is None else float(optimum - expected_payoff)
    return Plan(
        method=method,
        goal_kind=problem.goal_kind,
        focal=problem.focal,
        expected_payoff=float(expected_payoff),
        p_goal=float(p_goal),
        payoff_is_exact=payoff_is_exact,
        standard_error=standard_error,
        policy=policy,
        steps=tuple(steps),
        candidates=tuple(answers),
        target=target,
        reaches_goal=reaches_goal,
        target_is_minimal=minimal,
        optimum=optimum,
        gap_to_optimum=gap,
        details=dict(details or {}),
        oracle=oracle,
        problem=problem,
    )
