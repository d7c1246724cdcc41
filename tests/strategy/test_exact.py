"""The exact planner against independent brute force, and the issue's closed-form special cases."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategy_brute import (
    Instance,
    all_policies,
    best_value,
    order_cost,
    policy_value,
    q_value,
    random_instance,
)
from strategy_helpers import to_problem

from coalitionist.strategy import (
    RecruitmentProblem,
    evaluate_policy_exact,
    exact_tables,
    solve_exact,
)
from coalitionist.strategy.problem import mask_members


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 6))
def test_dp_equals_brute_force_over_adaptive_policies(seed: int, n: int) -> None:
    inst = random_instance(random.Random(seed), n)
    tables = exact_tables(to_problem(inst))
    assert tables.value[0] == pytest.approx(best_value(inst), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5))
def test_every_decision_of_the_plan_is_optimal(seed: int, n: int) -> None:
    inst = random_instance(random.Random(seed), n)
    problem = to_problem(inst)
    tables = exact_tables(problem)
    # walk every state the optimal policy can reach; its choice attains the brute-force maximum
    stack = [(0, 0)]
    while stack:
        jm, rm = stack.pop()
        joined, refused = frozenset(mask_members(jm)), frozenset(mask_members(rm))
        best = best_value(inst, joined, refused)
        a = tables.decide(jm, rm)
        if a < 0:
            assert inst.terminal(joined) == pytest.approx(best, abs=1e-9)
            continue
        assert inst.allowed(a, joined, refused)
        assert q_value(inst, a, joined, refused) == pytest.approx(best, abs=1e-9)
        stack += [(jm | 1 << a, rm), (jm, rm | 1 << a)]


@pytest.mark.parametrize("seed", range(6))
def test_recursion_equals_explicit_enumeration_of_all_policies(seed: int) -> None:
    """The reference recursion is itself checked: max over every explicit decision tree (n = 3)."""
    inst = random_instance(random.Random(seed), 3)
    explicit = max(policy_value(inst, tree) for tree in all_policies(inst))
    assert best_value(inst) == pytest.approx(explicit, abs=1e-12)
    assert exact_tables(to_problem(inst)).value[0] == pytest.approx(explicit, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6))
def test_plan_statistics_are_consistent(seed: int, n: int) -> None:
    inst = random_instance(random.Random(seed), n)
    problem = to_problem(inst)
    plan = solve_exact(problem)
    stats = evaluate_policy_exact(problem, plan.decide)
    assert plan.expected_payoff == pytest.approx(stats.expected_payoff, abs=1e-9)
    parts = (
        problem.goal_value * stats.p_goal
        + stats.expected_value
        - stats.expected_cost
        - stats.expected_failure_cost
    )
    assert parts == pytest.approx(plan.expected_payoff, abs=1e-9)
    assert 0.0 <= plan.p_goal <= 1.0
    assert plan.gap_to_optimum == 0.0
    assert plan.expected_payoff >= problem.goal_value * float(problem.goal_of(0)) - 1e-12


def test_notes_example_hard_to_easy() -> None:
    """Unanimity, one refusal ends the deal, equal costs: the likeliest refusers first
    (negotiation-and-sequencing §3.1: Syria → Saudi → Egypt → UK, expected cost 1.74)."""
    names = ("uk", "saudi", "egypt", "syria")
    p = [0.9, 0.5, 0.7, 0.4]
    problem = RecruitmentProblem(
        names,
        p,
        [0.0] * 4,
        [1.0] * 4,
        [0.0] * 4,
        goal=lambda m: m.all(axis=1),
        goal_value=100.0,
        goal_kind="win",
    )
    plan = solve_exact(problem)
    assert plan.sequence == ("syria", "saudi", "egypt", "uk")
    costs = {o: order_cost(p, [1.0] * 4, o) for o in itertools.permutations(range(4))}
    assert min(costs.values()) == pytest.approx(1.74)
    assert plan.expected_payoff == pytest.approx(100 * np.prod(p) - 1.74)
    assert plan.details["expected_cost"] == pytest.approx(1.74)


@settings(max_examples=40, deadline=None)
@given(p=st.lists(st.floats(0.3, 0.95), min_size=2, max_size=6))
def test_unanimity_equal_costs_asks_likeliest_refusers_first(p: list[float]) -> None:
    n = len(p)
    problem = RecruitmentProblem(
        tuple(f"c{i}" for i in range(n)),
        p,
        [0.0] * n,
        [1.0] * n,
        [0.0] * n,
        goal=lambda m: m.all(axis=1),
        goal_value=1e4,
        goal_kind="win",
    )  # 1e4 · 0.3^6 > 6: always worth trying
    plan = solve_exact(problem)
    assert len(plan.sequence) == n
    order = tuple(problem.index(a) for a in plan.sequence)
    best = min(order_cost(p, [1.0] * n, o) for o in itertools.permutations(range(n)))
    assert order_cost(p, [1.0] * n, order) == pytest.approx(best, abs=1e-9)
    ps = [p[i] for i in order]
    assert all(a <= b + 1e-9 for a, b in itertools.pairwise(ps))


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.floats(0, 1), st.floats(-5, 10), st.floats(0, 3), st.floats(0, 3)),
        min_size=1,
        max_size=7,
    )
)
def test_no_goal_no_effects_orders_by_standalone_net_gain(
    rows: list[tuple[float, float, float, float]],
) -> None:
    """Nobody affects anybody and there is no goal: approach in order of p·v − c − (1−p)·f, skipping
    the non-positive ones."""
    n = len(rows)
    p, v, c, f = (np.array(col) for col in zip(*rows, strict=True))
    net = p * v - c - (1 - p) * f
    problem = RecruitmentProblem(tuple(f"c{i}" for i in range(n)), p, v, c, f, goal_kind="value")
    plan = solve_exact(problem)
    chosen = [problem.index(a) for a in plan.sequence]
    assert all(net[i] > -1e-9 for i in chosen)
    assert all(net[i] < 1e-9 for i in set(range(n)) - set(chosen))
    assert all(net[a] >= net[b] - 1e-9 for a, b in itertools.pairwise(chosen))
    assert plan.expected_payoff == pytest.approx(float(np.maximum(net, 0).sum()), abs=1e-9)


def test_toxic_ally_is_never_approached() -> None:
    """Joining that destroys others' chances is avoided although the actor would say yes."""
    inst = Instance(
        p=[0.95, 0.6, 0.5],
        value=[-5.0, 10.0, 10.0],
        cost=[1.0, 1.0, 1.0],
        failure=[0.0, 0.0, 0.0],
        join=[[0, -0.6, -0.5], [0, 0, 0], [0, 0, 0]],
        refuse=[[0.0] * 3 for _ in range(3)],
        goal=lambda s: False,
        goal_value=0.0,
    )
    plan = solve_exact(to_problem(inst, "value"))
    assert "c0" not in plan.sequence
    assert not any(c.in_policy for c in plan.candidates if c.actor == "c0")
    assert plan.expected_payoff == pytest.approx(best_value(inst))


def test_prerequisites_and_intermediaries_are_respected() -> None:
    inst = Instance(
        p=[0.5, 0.9, 0.9],
        value=[1.0, 5.0, 5.0],
        cost=[0.1, 0.1, 0.1],
        failure=[0.0, 0.0, 0.0],
        join=[[0.0] * 3 for _ in range(3)],
        refuse=[[0.0] * 3 for _ in range(3)],
        goal=lambda s: False,
        goal_value=0.0,
        prereq=[set(), {0}, set()],
        via=[set(), set(), {0, 1}],
    )
    problem = to_problem(inst, "value")
    plan = solve_exact(problem)
    assert plan.sequence[0] == "c0"
    assert plan.next_action(refused=["c0"]) is None  # c1 and c2 are out of reach
    assert plan.expected_payoff == pytest.approx(best_value(inst))
    waiting = {c.actor: c.waiting_for for c in plan.candidates}
    assert waiting == {"c0": (), "c1": ("c0",), "c2": ("c0", "c1")}


def test_empty_problem_and_goal_already_reached() -> None:
    empty = RecruitmentProblem(
        (), [], [], [], [], goal=lambda m: np.ones(len(m), bool), goal_value=7.0
    )
    plan = solve_exact(empty)
    assert plan.policy is None
    assert plan.expected_payoff == 7.0
    assert plan.p_goal == 1.0
    assert plan.to_dict()["first"] is None


@pytest.mark.parametrize("chunk", [1, 4, 1 << 13])
@pytest.mark.parametrize("seed", [3, 17, 2024])
def test_every_state_value_equals_brute_force_whatever_the_block_size(
    seed: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each layer is scored in blocks of (low half, high half) states over their unasked candidates only:
    every state's value (not only the start's), for blocks of one state up to the default, is the brute
    force's."""
    import coalitionist.strategy.exact as exact_module

    monkeypatch.setattr(exact_module, "_CHUNK", chunk)
    n = 5
    inst = random_instance(random.Random(seed), n)
    tables = exact_tables(to_problem(inst))
    for marks in itertools.product(range(3), repeat=n):
        joined = frozenset(i for i, d in enumerate(marks) if d == 1)
        refused = frozenset(i for i, d in enumerate(marks) if d == 2)
        s = sum(d * 3**i for i, d in enumerate(marks))
        assert tables.value[s] == pytest.approx(best_value(inst, joined, refused), abs=1e-9)
