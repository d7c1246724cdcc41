"""The scalable planners: valid, reproducible, within a stated gap of the exact optimum (rollout never worse
than its base policy), exact where the index rule is optimal, and their incremental bookkeeping equal to
recomputation from scratch."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategy_brute import Instance, best_value, random_instance
from strategy_helpers import to_problem

from coalitionist.strategy import RecruitmentProblem, evaluate_policy_exact, plan, plan_scalable
from coalitionist.strategy.core import CoreOracle
from coalitionist.strategy.exact import exact_tables
from coalitionist.strategy.marginals import pivot_marginals
from coalitionist.strategy.policy import simulate_policy
from coalitionist.strategy.scalable import GreedyOracle, simulate_index_policy


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 6),
    method=st.sampled_from(["greedy", "rollout"]),
)
def test_scalable_plans_are_valid_and_not_better_than_the_optimum(
    seed: int, n: int, method: str
) -> None:
    inst = random_instance(random.Random(seed), n)
    problem = to_problem(inst)
    result = plan_scalable(problem, method=method, seed=seed % 1000, samples=16)
    optimum = best_value(inst)
    assert result.optimum == pytest.approx(optimum, abs=1e-9)
    stats = evaluate_policy_exact(problem, result.decide)  # raises on an impossible move
    assert result.expected_payoff == pytest.approx(stats.expected_payoff, abs=1e-9)
    assert result.expected_payoff <= optimum + 1e-9
    assert result.gap_to_optimum == pytest.approx(optimum - result.expected_payoff, abs=1e-9)
    assert 0.0 <= result.p_goal <= 1.0


def _monotone(inst: Instance) -> bool:
    """Brute force: adding a member never loses the goal (the scalable planners require it)."""
    sets = [
        frozenset(c) for r in range(inst.n + 1) for c in itertools.combinations(range(inst.n), r)
    ]
    return all(inst.goal(s | {i}) for s in sets if inst.goal(s) for i in range(inst.n))


def _stake(inst: Instance) -> float:
    """What any plan could gain at most: the goal's value and every positive value of a joiner."""
    return inst.goal_value + sum(max(v, 0.0) for v in inst.value)


#: Seeded random instances (4–10 candidates, effects and gates, monotone goals) compared with the optimum.
GAP_SEEDS = range(60)
#: Stated bounds on the gap to the optimum, as fractions of the stake (:func:`_stake`), on those instances
#: (measured when written, on 49 instances: index policy max 0.158, mean 0.017; rollout on it max 0.060,
#: mean 0.004). The index policy has no guarantee with thresholds and effects; rollout recovers most of it.
GREEDY_MAX_GAP, GREEDY_MEAN_GAP = 0.20, 0.025
ROLLOUT_MAX_GAP, ROLLOUT_MEAN_GAP = 0.08, 0.006


def test_scalable_planners_against_the_exact_optimum() -> None:
    """On seeded random instances: the exact optimum of ``strategy.exact``'s dynamic programme (checked
    against plain expectimax up to 6 candidates); every plan evaluated exactly. The index policy and rollout
    on it stay within the stated gaps; rollout is never worse than its base policy run with the same seed
    (same goal-marginal estimates, common random scenarios), whether the base is the index policy or an
    exact core of 3 with an index tail; with at most 12 candidates the default rollout's base is the exact
    policy on everyone, so it is optimal."""
    gaps: dict[str, list[float]] = {"greedy": [], "rollout": []}
    improved = 0
    for seed in GAP_SEEDS:
        rng = random.Random(seed)
        inst = random_instance(rng, rng.randint(4, 10))
        if not _monotone(inst):
            continue
        problem = to_problem(inst)
        optimum = float(exact_tables(problem).value[0])
        if inst.n <= 6:
            assert optimum == pytest.approx(best_value(inst), abs=1e-9), seed
        stake = _stake(inst)
        greedy = plan_scalable(problem, method="greedy", seed=seed)
        rollout = plan_scalable(problem, method="rollout", seed=seed, core_size=0)
        on_core = plan_scalable(problem, method="rollout", seed=seed, core_size=3)
        core_base = CoreOracle(problem, GreedyOracle(problem, seed=seed), size=3)
        core_value = evaluate_policy_exact(problem, core_base.decide).expected_payoff
        default = plan_scalable(problem, method="rollout", seed=seed)
        for plan_ in (greedy, rollout, on_core, default):
            assert plan_.payoff_is_exact
            assert plan_.optimum == pytest.approx(optimum, abs=1e-12)
            assert plan_.expected_payoff <= optimum + 1e-9, seed
        assert rollout.expected_payoff >= greedy.expected_payoff - 1e-9, seed
        assert on_core.expected_payoff >= core_value - 1e-9, seed
        assert default.expected_payoff == pytest.approx(optimum, abs=1e-9), seed
        improved += rollout.expected_payoff > greedy.expected_payoff + 1e-9
        gaps["greedy"].append((optimum - greedy.expected_payoff) / stake)
        gaps["rollout"].append((optimum - rollout.expected_payoff) / stake)
    summary = {k: (len(v), max(v), sum(v) / len(v)) for k, v in gaps.items()}
    print(f"gap / stake (instances, max, mean): {summary}; rollout beat greedy on {improved}")
    assert len(gaps["greedy"]) >= 40
    assert improved >= 5  # rollout does improve on its base, not merely copy it
    assert max(gaps["greedy"]) <= GREEDY_MAX_GAP
    assert sum(gaps["greedy"]) / len(gaps["greedy"]) <= GREEDY_MEAN_GAP
    assert max(gaps["rollout"]) <= ROLLOUT_MAX_GAP
    assert sum(gaps["rollout"]) / len(gaps["rollout"]) <= ROLLOUT_MEAN_GAP


def test_same_seed_same_plan() -> None:
    inst = random_instance(random.Random(7), 6)
    a = plan_scalable(to_problem(inst), method="rollout", seed=3, samples=16).to_dict()
    b = plan_scalable(to_problem(inst), method="rollout", seed=3, samples=16).to_dict()
    assert a == b


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.floats(0, 1), st.floats(-5, 10), st.floats(0, 3), st.floats(0, 3)),
        min_size=1,
        max_size=8,
    )
)
def test_index_policy_is_optimal_without_goal_and_effects(
    rows: list[tuple[float, float, float, float]],
) -> None:
    n = len(rows)
    p, v, c, f = (np.array(col) for col in zip(*rows, strict=True))
    problem = RecruitmentProblem(tuple(f"c{i}" for i in range(n)), p, v, c, f)
    result = plan_scalable(problem, method="greedy")
    assert result.gap_to_optimum == pytest.approx(0.0, abs=1e-9)
    assert result.expected_payoff == pytest.approx(
        float(np.maximum(p * v - c - (1 - p) * f, 0).sum())
    )


def _sparse_problem(m: int, seed: int, *, goal: bool = True) -> RecruitmentProblem:
    rng = np.random.default_rng(seed)
    w = rng.integers(1, 6, m).astype(float)
    quota = 0.5 * w.sum()
    src = np.repeat(np.arange(m), 3)
    dst = rng.integers(0, m, 3 * m)
    join = np.zeros((m, m))
    refuse = np.zeros((m, m))
    join[src, dst] = rng.uniform(0.02, 0.2, 3 * m)
    refuse[src, dst] = -rng.uniform(0.0, 0.1, 3 * m)
    pre = [frozenset({int(i) - 1}) if i % 17 == 5 else frozenset() for i in range(m)]
    return RecruitmentProblem(
        tuple(f"a{i}" for i in range(m)),
        rng.uniform(0.3, 0.95, m),
        rng.normal(0.2, 0.5, m),
        rng.uniform(0.1, 1.0, m),
        rng.uniform(0.0, 0.5, m),
        prerequisites=tuple(pre),
        join_effect=join,
        refuse_effect=refuse,
        goal=(lambda masks: masks @ w >= quota) if goal else None,
        goal_value=float(2 * m) if goal else 0.0,
        goal_weights=w,
    )


def test_incremental_index_equals_recomputation() -> None:
    """The index policy updates a state's indices from its parent's; compare with a fresh evaluation."""
    problem = _sparse_problem(60, 1)
    walker = GreedyOracle(problem, seed=0, refresh=1)
    rng = np.random.default_rng(2)
    joined = refused = 0
    for _ in range(25):
        a = walker.decide(joined, refused)
        if a < 0:
            break
        if rng.random() < 0.7:
            joined |= 1 << a
        else:
            refused |= 1 << a
        fresh = GreedyOracle(problem, seed=0, refresh=1)
        np.testing.assert_allclose(
            walker.scores(joined, refused), fresh.scores(joined, refused), rtol=1e-12, atol=1e-12
        )


def test_vectorised_simulation_equals_sequential_one() -> None:
    """Without a goal the index policy's simulation over many scenarios at once must reproduce, run for
    run, the state-by-state simulation with the same uniforms."""
    problem = _sparse_problem(40, 3, goal=False)
    oracle = GreedyOracle(problem, seed=0)
    uniforms = np.random.default_rng(4).random((32, problem.m))
    start = np.zeros(problem.m, dtype=bool)
    pay, _ = simulate_index_policy(oracle.model, start, start, np.zeros(problem.m), False, uniforms)
    for s in range(32):
        run = simulate_policy(problem, oracle.decide, uniforms[s])
        assert pay[s] == pytest.approx(run.payoff, abs=1e-9)


def test_pivot_marginals_exact_against_enumeration() -> None:
    rng = np.random.default_rng(5)
    w = np.array([4, 3, 2, 2, 1, 1])
    problem = RecruitmentProblem(
        tuple("abcdef"),
        rng.uniform(0.2, 0.9, 6),
        np.zeros(6),
        np.ones(6),
        np.zeros(6),
        goal=lambda masks: masks @ w >= 7,
        goal_value=1.0,
    )
    joined = np.zeros(6, dtype=bool)
    joined[5] = True
    pool = ~joined
    got, p_goal = pivot_marginals(problem, joined, pool, pool, problem.p, rng=rng)
    # independent enumeration
    others = [i for i in range(6) if not joined[i]]
    want = np.zeros(6)
    want_goal = 0.0
    for bits in range(1 << len(others)):
        members = {others[k] for k in range(len(others)) if bits >> k & 1}
        prob = np.prod([problem.p[i] if i in members else 1 - problem.p[i] for i in others])
        weight = w[5] + sum(w[i] for i in members)
        want_goal += prob * (weight >= 7)
        for i in others:
            if i in members:
                continue
            p_rest = prob / (1 - problem.p[i])
            want[i] += p_rest * (float(weight + w[i] >= 7) - float(weight >= 7))
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert p_goal == pytest.approx(want_goal)
    mc, mc_goal = pivot_marginals(
        problem, joined, pool, pool, problem.p, rng=rng, exact_max=0, cells=10**9
    )
    np.testing.assert_allclose(mc, want, atol=0.1)  # 512 samples: sd ≤ 0.5/√512 ≈ 0.022
    assert mc_goal == pytest.approx(want_goal, abs=0.1)


def test_large_problem_runs_with_sparse_effects() -> None:
    problem = _sparse_problem(400, 6)
    result = plan(problem, method="greedy", seed=1, payoff_samples=10)
    assert result.method == "greedy"
    assert not result.payoff_is_exact
    assert result.standard_error is not None
    assert result.optimum is None
    assert result.reaches_goal
    # the main line respects prerequisites
    seen: set[int] = set()
    for s in result.steps:
        i = problem.index(s.actor)
        assert problem.prerequisites[i] <= seen
        seen.add(i)
    auto = plan(problem, seed=1, payoff_samples=10, rollout_nodes=2, samples=8)
    assert auto.method == "rollout"
