"""The planner's fast paths give the answers of the slow ones (issue 17.2): the tabulated goal, the
packed class keys of the vectorised index-policy simulation, and the automatic method choice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

import coalitionist.analyses.strategy as strategy_analysis
from coalitionist.analyses import sweep
from coalitionist.analyses.strategy import GOAL_LOOKUP_MAX, _tabulated, recruitment_problem
from coalitionist.io import load_scenario
from coalitionist.strategy import RecruitmentProblem, plan
from coalitionist.strategy.planner import AUTO_EXACT_MAX, SWEEP_EXACT_MAX, auto_method
from coalitionist.strategy.scalable import _classes

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_tabulated_goal_reads_only_its_columns_and_agrees_with_the_predicate() -> None:
    rng = np.random.default_rng(5)
    m, sel = 9, np.array([1, 4, 5, 8], dtype=np.int64)
    w = np.array([3.0, 2.0, 2.0, 1.0])
    calls: list[int] = []

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        calls.append(masks.shape[0])
        return np.asarray(masks[:, sel].astype(float) @ w >= 4.0)

    fast = _tabulated(goal, m, sel)
    masks = rng.random((500, m)) < 0.5
    # by hand: weight of the members among columns 1, 4, 5, 8 at least 4
    expected = np.array([sum(w[k] for k, c in enumerate(sel) if row[c]) >= 4.0 for row in masks])
    assert np.array_equal(fast(masks), expected)
    assert np.array_equal(fast(masks[:3]), expected[:3])
    assert calls == [16]  # one call, on the 2^4 coalitions of the columns it reads


def test_tabulated_goal_without_columns_and_beyond_the_limit() -> None:
    def constant(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.ones(masks.shape[0], dtype=bool)

    fast = _tabulated(constant, 3, np.zeros(0, dtype=np.int64))
    assert fast(np.zeros((4, 3), dtype=bool)).tolist() == [True] * 4
    wide = np.arange(GOAL_LOOKUP_MAX + 1, dtype=np.int64)
    assert _tabulated(constant, wide.size, wide) is constant


@pytest.mark.parametrize("name", ["gulf-war-1990.yaml", "clinic-program.yaml"])
def test_scenario_goal_is_the_rule_on_the_votes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Gulf War goal (14 voting candidates of 22) and the clinic's, tabulated, against the same goal
    with the rule called on every coalition (tabulation switched off)."""
    scenario = load_scenario(EXAMPLES / name)
    fast = recruitment_problem(scenario).problem
    monkeypatch.setattr(strategy_analysis, "GOAL_LOOKUP_MAX", -1)
    slow = recruitment_problem(scenario).problem
    assert fast.goal is not slow.goal
    rng = np.random.default_rng(11)
    masks = rng.random((3000, fast.m)) < rng.uniform(0.2, 0.9, (3000, 1))
    got, want = fast.goal_many(masks), slow.goal_many(masks)
    assert np.array_equal(got, want)
    assert 0 < want.sum() < want.size  # both answers occur: the comparison can fail


def test_packed_class_keys_group_equal_rows() -> None:
    rng = np.random.default_rng(3)
    for m in (5, 22, 40):  # a key of up to 8 bytes as one integer, and wider keys as bytes
        base = rng.random((7, m)) < 0.4
        pick = rng.integers(0, 7, 300)
        jb, rb = base[pick], np.roll(base, 1, axis=1)[pick]
        act = (pick % 2).astype(bool)
        cls = _classes(jb, rb, act)
        for a in range(300):
            for b in range(0, 300, 17):
                same = (jb[a] == jb[b]).all() and (rb[a] == rb[b]).all() and act[a] == act[b]
                assert (cls[a] == cls[b]) == same


def _plain_problem(m: int) -> RecruitmentProblem:
    """m candidates, a majority of them wins the goal, one join effect: cheap to plan by any method."""
    rng = np.random.default_rng(m)
    join = np.zeros((m, m))
    join[0, 1] = 0.2

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.asarray(masks.sum(axis=1) > m // 2)

    return RecruitmentProblem(
        tuple(f"c{i}" for i in range(m)),
        rng.uniform(0.3, 0.9, m),
        np.zeros(m),
        rng.uniform(0.5, 1.5, m),
        rng.uniform(0.0, 1.0, m),
        join_effect=join,
        goal=goal,
        goal_value=30.0,
        goal_kind="win",
    )


def test_auto_is_exact_up_to_14_candidates() -> None:
    """Issue 17.2: exact is cheaper than rollout up to 14 candidates (benchmarks/strategy.py --only
    threshold), so ``method="auto"`` solves 13 and 14 exactly, and 15 by rollout."""
    assert AUTO_EXACT_MAX == 14
    assert [auto_method(m) for m in (1, 12, 13, 14, 15, 1_000, 1_001)] == [
        "exact",
        "exact",
        "exact",
        "exact",
        "rollout",
        "rollout",
        "greedy",
    ]
    for m in (13, 14):
        result = plan(_plain_problem(m), seed=0)
        assert result.method == "exact"
        assert result.gap_to_optimum == 0.0
    wide = plan(_plain_problem(15), seed=0, rollout_nodes=1, samples=4, payoff_samples=2)
    assert wide.method == "rollout"
    # sweeps keep their own, lower bound (one plan per variant)
    assert SWEEP_EXACT_MAX == 12
    assert sweep.AUTO_EXACT_MAX == SWEEP_EXACT_MAX


def test_exact_dp_memory_is_ten_bytes_a_state_plus_bounded_blocks() -> None:
    """Issue 17.2 (n = 15 within 1 GB): the DP keeps a float64 value and an int16 decision per state
    (10 bytes) and works in blocks of a bounded number of states, so its peak traced memory is 10·3^n
    bytes plus a block term that does not grow with 3^n; at n = 15 that is about 150 MB
    (``benchmarks/strategy.py --only growth`` measures it). Another state-sized float64 temporary
    would add 8·3^n bytes and fail this."""
    import tracemalloc

    from coalitionist.strategy.exact import exact_tables

    m = 12
    problem = _plain_problem(m)
    problem.goal_table  # noqa: B018  (the goal table is the problem's, not the DP's)
    tracemalloc.start()
    try:
        tables = exact_tables(problem)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert tables.value.nbytes + tables.action.nbytes == 10 * 3**m
    assert peak <= 10 * 3**m + 8 * 2**20


def test_column_loop_row_max_and_counts_are_numpys() -> None:
    """The exact DP's row-wise argmax and tie count, taken column by column for narrow rows, against
    ``np.argmax`` and ``np.count_nonzero`` on rows with ties, all −inf rows and widths 1 to 20."""
    from coalitionist.strategy.exact import _row_max, _two_or_more

    rng = np.random.default_rng(8)
    for w in range(1, 21):
        q = rng.integers(0, 4, (400, w)).astype(float)  # many exact ties
        q[rng.random((400, w)) < 0.2] = -np.inf
        q[:7] = -np.inf
        j, best = _row_max(q)
        assert np.array_equal(j, np.argmax(q, axis=1))
        assert np.array_equal(best, q.max(axis=1))
        flags = q >= 2.0
        assert np.array_equal(_two_or_more(flags), np.count_nonzero(flags, axis=1) > 1)
