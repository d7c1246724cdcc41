"""Pareto frontiers against brute force: dominance filter, exact frontier, supported frontier."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trades_brute import all_packages, brute_dominated, dominates, pareto_keys, small_inputs

from coalitionist.trades import (
    FrontierTooLargeError,
    TradeInputs,
    compile_tables,
    dominated_mask,
    exact_frontier,
    supported_frontier,
    weighted_sum_optima,
)
from coalitionist.trades import frontier as frontier_module


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(0, 3), min_size=n, max_size=n), min_size=0, max_size=40
        )
    )
)
def test_dominated_mask_matches_definition(rows: list[list[int]]) -> None:
    points = np.array(rows, dtype=np.int64).reshape(len(rows), -1 if rows else 0)
    if not rows:
        assert dominated_mask(np.zeros((0, 3), dtype=np.int64)).shape == (0,)
        return
    assert dominated_mask(points).tolist() == brute_dominated(rows)


def test_dominated_mask_keeps_duplicates_and_works_on_python_ints() -> None:
    big = 10**30
    rows = [[big, 1, 2], [big, 1, 2], [big - 1, 1, 2], [0, 5, 0]]
    points = np.empty((4, 3), dtype=object)
    points[:] = rows
    assert dominated_mask(points).tolist() == [False, False, True, False]


def test_bitset_chunks_and_query_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force many small chunks/blocks so the multi-chunk code paths run on a small input."""
    monkeypatch.setattr(frontier_module, "_CHUNK", 64)
    monkeypatch.setattr(frontier_module, "_QBLOCK", 50)
    rng = np.random.default_rng(3)
    points = rng.integers(0, 12, size=(700, 4))
    brute = [bool(((points >= p).all(axis=1) & (points != p).any(axis=1)).any()) for p in points]
    assert dominated_mask(points).tolist() == brute


@settings(max_examples=80, deadline=None)
@given(small_inputs())
def test_exact_frontier_equals_brute_force(inputs: TradeInputs) -> None:
    tables = compile_tables(inputs)
    choices, ints = exact_frontier(tables.int_tables)
    found = {tuple(int(o) for o in row) for row in choices}
    packages = all_packages(inputs)
    assert found == pareto_keys(packages)
    assert len(found) == len(choices)  # each package once
    for row, u in zip(choices, ints, strict=True):  # utilities exact
        assert tables.fractions(u) == packages[tuple(int(o) for o in row)]


def test_exact_frontier_is_sorted_and_respects_the_budget() -> None:
    rng = np.random.default_rng(0)
    int_tables = [rng.integers(0, 50, size=(5, 3)) for _ in range(6)]
    choices, _ = exact_frontier(int_tables)
    assert [tuple(r) for r in choices] == sorted(tuple(r) for r in choices)
    with pytest.raises(FrontierTooLargeError, match="the limit is 10"):
        exact_frontier(int_tables, max_candidates=10)


def test_float_tie_is_not_lost() -> None:
    """0.1 + 0.2 == 0.3 exactly: packages (0, 0) and (1, 1) tie for both actors and both are optimal.

    In binary floating point 0.1 + 0.2 > 0.3, which makes (0, 0) appear to dominate (1, 1).
    """
    inputs = TradeInputs.from_spec(
        ["a", "b"],
        {
            "x": {"options": [0, 1], "status_quo": 0},
            "y": {"options": [0, 1], "status_quo": 0},
        },
        {},
        utility_tables={
            "a": {"x": [0.1, 0.0], "y": [0.2, 0.3]},
            "b": {"x": [0.0, 1.0], "y": [1.0, 0.0]},
        },
    )
    choices, _ = exact_frontier(compile_tables(inputs).int_tables)
    assert {tuple(r) for r in choices} == {(0, 0), (1, 1), (0, 1), (1, 0)}
    # the float computation really is fooled (so this test can fail)
    a = [0.1 + 0.2, 0.0 + 0.3]
    assert dominates((a[0], 1.0), (a[1], 1.0))


@settings(max_examples=40, deadline=None)
@given(small_inputs(max_actors=3, max_issues=3, max_options=4))
def test_supported_frontier_is_pareto_optimal_and_has_each_ideal(inputs: TradeInputs) -> None:
    tables = compile_tables(inputs)
    found = supported_frontier(tables, n_weights=300, seed=1)
    packages = all_packages(inputs)
    frontier = pareto_keys(packages)
    rows = {tuple(int(o) for o in r) for r in found}
    assert rows <= frontier
    for i in range(inputs.n_actors):
        best = max(u[i] for u in packages.values())
        assert any(packages[r][i] == best for r in rows)


def test_supported_frontier_finds_the_hull_of_a_known_case() -> None:
    """Three actors, one issue each favouring one actor, plus a shared issue: the supported packages
    are exactly the weighted-sum optima, which brute force over a fine weight grid enumerates."""
    inputs = TradeInputs.from_spec(
        ["a", "b", "c"],
        {k: {"scale": (0, 10), "grid": 3, "status_quo": 5} for k in ("p", "q", "r")},
        {
            "a": {"p": (0, 0.6), "q": (10, 0.3), "r": (0, 0.1)},
            "b": {"p": (10, 0.2), "q": (0, 0.5), "r": (10, 0.3)},
            "c": {"p": (10, 0.1), "q": (10, 0.1), "r": (0, 0.8)},
        },
    )
    packages = all_packages(inputs)
    vertices = set()  # utility vectors that are the only maximiser at some weight on a fine grid
    grid = 40
    for i in range(1, grid):
        for j in range(1, grid - i):
            lam = (Fraction(i, grid), Fraction(j, grid), Fraction(grid - i - j, grid))
            score = {
                c: sum(w * u for w, u in zip(lam, p, strict=True)) for c, p in packages.items()
            }
            best = max(score.values())
            tops = {packages[c] for c, v in score.items() if v == best}
            if len(tops) == 1:
                vertices |= tops
    found = {tuple(int(o) for o in r) for r in supported_frontier(compile_tables(inputs), seed=0)}
    assert found <= pareto_keys(packages)
    assert len(vertices) > 3
    assert vertices <= {packages[c] for c in found}


def test_weighted_sum_ties_are_settled_exactly() -> None:
    """Scores 0.3 + 0.0 and 0.1 + 0.2 tie exactly; floats rank the second higher. Ties go to the
    lower option index."""
    inputs = TradeInputs.from_spec(
        ["a", "b"],
        {"x": {"options": [0, 1], "status_quo": 0}},
        {},
        utility_tables={"a": {"x": [0.3, 0.1]}, "b": {"x": [0.0, 0.2]}},
    )
    assert 0.1 + 0.2 > 0.3 + 0.0  # the float trap
    out = weighted_sum_optima(compile_tables(inputs), np.array([[1.0, 1.0]]))
    assert out.tolist() == [[0]]
