"""The fast paths of the planners give the numbers of the paths they replace (issue 17, point 2).

- :meth:`IndexModel.scores_dense` (every candidate of every scenario at once) against
  :meth:`IndexModel.scores_pairs` (the sparse update): bit for bit, on all columns and on a subset.
- Rollout's batched continuation (all branches of a decision in one simulation) against one simulation
  per branch: bit for bit.
- The exact DP (half-table decoding, layers enumerated without a sort) against the brute force is in
  ``test_exact.py``; here, its tables at 13 candidates against a plain per-state recursion of the Bellman
  equation on sampled states.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from strategy_brute import random_instance
from strategy_helpers import to_problem

from coalitionist.strategy import Effects, RecruitmentProblem
from coalitionist.strategy.exact import exact_tables
from coalitionist.strategy.scalable import (
    GreedyOracle,
    IndexModel,
    RolloutOracle,
    simulate_index_policy,
)


def _problem(m: int, seed: int, goal: bool = True) -> RecruitmentProblem:
    rng = np.random.default_rng(seed)
    src = np.repeat(np.arange(m), 3)
    dst = rng.integers(0, m, src.size)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    key = np.unique(src * m + dst)
    src, dst = key // m, key % m
    w = rng.integers(1, 5, m).astype(float)
    quota = 0.5 * w.sum()
    return RecruitmentProblem(
        tuple(f"c{i}" for i in range(m)),
        rng.uniform(0.05, 0.95, m),
        rng.normal(1, 1, m),
        rng.uniform(0.1, 2, m),
        rng.uniform(0, 2, m),
        join_effect=Effects(m, src, dst, rng.uniform(-0.1, 0.4, src.size)),
        refuse_effect=Effects(m, src.copy(), dst.copy(), -rng.uniform(0, 0.3, src.size)),
        goal=(lambda masks: masks @ w >= quota) if goal else None,
        goal_value=float(3 * m) if goal else 0.0,
        goal_weights=w,
    )


def test_dense_scores_equal_sparse_pairs_bit_for_bit() -> None:
    problem = _problem(30, 1)
    model = IndexModel(problem)
    rng = np.random.default_rng(0)
    s_n, m = 50, problem.m
    raw = rng.uniform(-0.2, 1.2, (s_n, m))
    unasked = rng.random((s_n, m)) < 0.6
    gamma = rng.random(m)
    active = rng.random(s_n) < 0.5
    pairs = model.scores_pairs(
        np.repeat(np.arange(s_n), m), np.tile(np.arange(m), s_n), raw, unasked, gamma, active
    ).reshape(s_n, m)
    assert np.array_equal(model.scores_dense(raw, unasked, gamma, active), pairs)
    cols = np.array([1, 4, 5, 17, 29])
    assert np.array_equal(model.scores_dense(raw, unasked, gamma, active, cols), pairs[:, cols])


def test_batched_simulation_equals_one_simulation_per_start() -> None:
    problem = _problem(24, 2)
    oracle = GreedyOracle(problem, seed=0)
    rng = np.random.default_rng(3)
    uniforms = rng.random((40, problem.m))
    gamma = rng.random(problem.m)
    starts = []
    for _ in range(5):
        marks = rng.integers(0, 3, problem.m) * (rng.random(problem.m) < 0.3)
        starts.append((marks == 1, marks == 2, bool(rng.random() < 0.7)))
    one_by_one = [
        simulate_index_policy(oracle.model, j, r, gamma, act, uniforms)[0] for j, r, act in starts
    ]
    jb = np.repeat(np.stack([s[0] for s in starts]), 40, axis=0)
    rb = np.repeat(np.stack([s[1] for s in starts]), 40, axis=0)
    act = np.repeat(np.array([s[2] for s in starts]), 40)
    batched, _ = simulate_index_policy(oracle.model, jb, rb, gamma, act, np.tile(uniforms, (5, 1)))
    assert np.array_equal(batched.reshape(5, 40), np.stack(one_by_one))


def test_rollout_plan_is_the_same_with_and_without_batching() -> None:
    problem = _problem(24, 4)

    def rollout_plan(batched: bool) -> list[int]:
        greedy = GreedyOracle(problem, seed=1)
        oracle = RolloutOracle(problem, greedy, samples=32, nodes=6, exact_base=False)
        if not batched:
            oracle._continue_all = lambda branches, gamma, view, uniforms: [  # type: ignore[method-assign]
                oracle._continue(j, r, jb, rb, gamma, view, uniforms) for j, r, jb, rb in branches
            ]
        joined = refused = 0
        steps = []
        rng = np.random.default_rng(5)
        for _ in range(8):
            a = oracle.decide(joined, refused)
            if a < 0:
                break
            steps.append(a)
            if rng.random() < 0.6:
                joined |= 1 << a
            else:
                refused |= 1 << a
        return steps

    assert rollout_plan(True) == rollout_plan(False)


def test_exact_tables_at_13_satisfy_the_bellman_equation() -> None:
    inst = random_instance(random.Random(13), 13)
    problem = to_problem(inst)
    tables = exact_tables(problem)
    rng = np.random.default_rng(0)
    for s in rng.integers(0, 3**13, 300):
        digits = [(int(s) // 3**i) % 3 for i in range(13)]
        joined = sum(1 << i for i, d in enumerate(digits) if d == 1)
        refused = sum(1 << i for i, d in enumerate(digits) if d == 2)
        stop, q = tables.q_values(joined, refused)
        best = max([stop, *(x for x in q if np.isfinite(x))])
        assert abs(tables.value[s] - best) <= 1e-9 * (1 + abs(best))


def _one_scenario_at_a_time(model, jb, rb, gamma, act, uniforms, core):  # type: ignore[no-untyped-def]
    """The simulation run on each scenario alone (a batch of one shares no state with any other)."""
    pays, goals = [], []
    for s in range(uniforms.shape[0]):
        pay, goal = simulate_index_policy(
            model, jb[s : s + 1], rb[s : s + 1], gamma, act[s : s + 1], uniforms[s : s + 1], core
        )
        pays.append(pay[0])
        goals.append(goal[0])
    return np.array(pays), np.array(goals)


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("with_core", [False, True])
def test_shared_histories_give_the_numbers_of_each_scenario_alone(
    dense: bool, with_core: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scenarios with the same history are simulated once (issue 17.2); each scenario's payoff and goal
    are those of simulating it alone, bit for bit, on the dense and the sparse index update, with and
    without an exact core."""
    import coalitionist.strategy.scalable as scalable
    from coalitionist.strategy.core import CoreOracle

    if not dense:
        monkeypatch.setattr(scalable, "DENSE_SCORES_MAX", 0)
    problem = _problem(18, 5)
    greedy = GreedyOracle(problem, seed=0)
    core = CoreOracle(problem, greedy, size=6).table if with_core else None
    rng = np.random.default_rng(6)
    starts = []
    for _ in range(4):
        marks = rng.integers(0, 3, problem.m) * (rng.random(problem.m) < 0.25)
        starts.append((marks == 1, marks == 2, bool(rng.random() < 0.7)))
    per = 30
    jb = np.repeat(np.stack([s[0] for s in starts]), per, axis=0)
    rb = np.repeat(np.stack([s[1] for s in starts]), per, axis=0)
    act = np.repeat(np.array([s[2] for s in starts]), per)
    # few distinct uniforms, so that many scenarios share their histories
    uniforms = np.tile(rng.random((6, problem.m)), (len(starts) * per // 6, 1))
    gamma = rng.random(problem.m)
    pay, goal = simulate_index_policy(greedy.model, jb, rb, gamma, act, uniforms, core)
    alone_pay, alone_goal = _one_scenario_at_a_time(
        greedy.model, jb, rb, gamma, act, uniforms, core
    )
    assert np.array_equal(pay, alone_pay)
    assert np.array_equal(goal, alone_goal)
    assert len(set(pay.tolist())) > 1  # the scenarios do differ
