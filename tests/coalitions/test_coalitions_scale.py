"""The large-scenario paths of the coalition analysis give the numbers of the plain formulas (issue 17.3).

Each kernel that was rewritten to run 10,000 actors in bounded time and memory is checked here against a
brute-force computation written out in the test from the definition, on random inputs.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]

from coalitionist.analyses.coalitions import scenario_coalitions
from coalitionist.coalitions import affinity, likely
from coalitionist.coalitions.affinity import AffinityInputs, Basis
from coalitionist.coalitions.likely import (
    grow_winning,
    interval_totals,
    is_minimal,
    minimal_connected_winning,
    rivalry,
)
from coalitionist.io import load_scenario
from coalitionist.power.rules import AllOf, AnyOf, Rule, Weighted


def _brute_rivalry(masks: np.ndarray, relation: np.ndarray) -> np.ndarray:
    """Max over member pairs i ≠ j of max(−S_ij, −S_ji) clipped to [0, 1]; 0 without a rival pair."""
    out = np.zeros(len(masks))
    for c, m in enumerate(masks):
        mem = np.flatnonzero(m)
        best = 0.0
        for i in mem:
            for j in mem:
                if i != j:
                    best = max(best, min(max(-relation[i, j], -relation[j, i], 0.0), 1.0))
        out[c] = best
    return out


def test_rivalry_matches_the_pairwise_definition_dense_and_sparse() -> None:
    rng = np.random.default_rng(7)
    n = 40
    rel = np.where(rng.random((n, n)) < 0.08, rng.uniform(-1.4, 1.0, (n, n)), 0.0)
    np.fill_diagonal(rel, -0.9)  # a self-tie is never a rivalry between two members
    masks = rng.random((300, n)) < rng.uniform(0.02, 0.6, (300, 1))
    expected = _brute_rivalry(masks, rel)
    assert (expected > 0).any()
    assert (expected == 0).any()
    assert (expected == 1.0).any()
    np.testing.assert_array_equal(rivalry(masks, rel), expected)
    np.testing.assert_array_equal(rivalry(masks, sp.csr_matrix(rel)), expected)


def test_rivalry_without_rivals_is_zero() -> None:
    masks = np.ones((3, 5), dtype=bool)
    friendly = sp.csr_matrix(np.full((5, 5), 0.5))
    np.testing.assert_array_equal(rivalry(masks, friendly), np.zeros(3))
    np.testing.assert_array_equal(rivalry(masks, sp.csr_matrix((5, 5))), np.zeros(3))


def _random_rule(rng: np.random.Generator, n: int) -> Rule:
    def leaf() -> Weighted:
        w = rng.integers(0, 12, size=n).tolist()
        return Weighted(w, quota=int(rng.integers(1, max(2, sum(w) + 1))))

    kind = rng.integers(0, 3)
    if kind == 0:
        return leaf()
    parts = [leaf() for _ in range(int(rng.integers(2, 4)))]
    return AllOf(parts) if kind == 1 else AnyOf(parts)


def _brute_minimal(mask: np.ndarray, rule: Rule) -> bool:
    mem = np.flatnonzero(mask).tolist()
    if not rule.wins(mem):
        return False
    return not any(rule.wins([j for j in mem if j != i]) for i in mem)


def _brute_connected(x: np.ndarray, placed: np.ndarray, rule: Rule) -> set[tuple[int, ...]]:
    """Every interval of the placed actors (by position, ties by index) that wins and loses without
    either end member."""
    idx = sorted(np.flatnonzero(placed).tolist(), key=lambda i: (x[i], i))
    out = set()
    for lo in range(len(idx)):
        for hi in range(lo, len(idx)):
            mem = idx[lo : hi + 1]
            if rule.wins(mem) and not rule.wins(mem[1:]) and not rule.wins(mem[:-1]):
                out.add(tuple(sorted(mem)))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_integer_paths_make_the_rule_calls_decisions(seed: int) -> None:
    """grow_winning, minimal_connected_winning and is_minimal on a weighted rule (integer running
    totals) give what the rule-call path gives (forced by wrapping the test in a lambda) and what brute
    force over the rule's own answers gives."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 13))
    rule = _random_rule(rng, n)
    called = lambda m: rule.wins_many(m)  # noqa: E731 — not a bound wins_many: the rule-call path
    a = np.round(rng.uniform(-1, 1, (n, n)), 1)  # rounded: ties in the greedy picks
    a = (a + a.T) / 2
    priority = rng.integers(0, 3, n).astype(float)
    for s in range(n):
        fast = grow_winning(s, a, rule.wins_many, priority=priority)
        slow = grow_winning(s, a, called, priority=priority, chunk=int(rng.integers(1, 5)))
        assert (fast is None) == (slow is None)
        if fast is not None and slow is not None:
            assert np.array_equal(fast, slow)
            assert rule.wins(np.flatnonzero(fast).tolist())
    x = rng.integers(0, 5, n).astype(float)
    placed = rng.random(n) < 0.8
    fast_c = minimal_connected_winning(x, placed, rule.wins_many)
    slow_c = minimal_connected_winning(x, placed, called, batch=int(rng.integers(1, 4)))
    assert np.array_equal(fast_c, slow_c)
    assert {tuple(np.flatnonzero(r).tolist()) for r in fast_c} == _brute_connected(x, placed, rule)
    masks = rng.random((25, n)) < 0.6
    want = np.array([_brute_minimal(m, rule) for m in masks])
    np.testing.assert_array_equal(is_minimal(masks, rule.wins_many), want)
    np.testing.assert_array_equal(is_minimal(masks, called), want)


def _close(a: object, b: object, path: str = "") -> None:
    """Same structure and strings; numbers equal to 1e-9 (the large path sums in another order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert list(a) == list(b), path
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b), path
        for t, (u, v) in enumerate(zip(a, b, strict=True)):
            _close(u, v, f"{path}[{t}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-12, nan_ok=True), path
    else:
        assert a == b, path


EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_large_scenario_path_gives_the_same_analysis(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the size threshold lowered to 3 actors, every example runs the large-scenario path (bases
    computed by rows when read, never held; cohesion of runs by the sweep; sums a chunk at a time) and
    gets the analysis of the held-matrix path: the same coalitions, holes and sentences, the numbers
    equal to 1e-9."""
    sc = load_scenario(path)
    small = scenario_coalitions(sc)
    assert all(b.held for b in small.bases.values())
    monkeypatch.setattr(affinity, "DENSE_BASES_MAX", 3)
    monkeypatch.setattr(likely, "DENSE_BASES_MAX", 3)
    monkeypatch.setattr(likely, "CHUNK", 2)
    large = scenario_coalitions(sc)
    assert not any(b.held for b in large.bases.values())
    want, got = small.to_dict(), large.to_dict()
    assert "bases_held" not in want["affinity"]
    assert got["affinity"].pop("bases_held") is False
    method = got["affinity"].pop("method")
    assert method.startswith(f"{len(sc.actors)} actors, more than 3: the six bases")
    _close(want, got)
    assert large.readings() == [*small.readings(), f"Method: with {method}."]
    for b in small.bases:
        np.testing.assert_array_equal(np.asarray(large.bases[b]), np.asarray(small.bases[b]))


def test_interval_totals_by_sweep_equal_the_pair_sums() -> None:
    rng = np.random.default_rng(3)
    n = 30
    a = rng.uniform(-1, 1, (n, n))
    order = rng.permutation(n)[:25]
    rows = []
    for _ in range(
        60
    ):  # runs of the order, in no particular order, and some coalitions that are not
        lo = int(rng.integers(0, 24))
        hi = int(rng.integers(lo, 25))
        m = np.zeros(n, bool)
        m[order[lo : hi + 1]] = True
        rows.append(m)
    rows += [rng.random(n) < 0.4 for _ in range(20)]
    masks = np.array(rows)
    is_run, tot = interval_totals(masks, a, order)
    pos = {int(i): t for t, i in enumerate(order)}
    for c, m in enumerate(masks):
        mem = np.flatnonzero(m)
        run = (
            len(mem) > 1
            and all(int(i) in pos for i in mem)
            and max(pos[int(i)] for i in mem) - min(pos[int(i)] for i in mem) + 1 == len(mem)
        )
        assert bool(is_run[c]) == run
        if run:
            want = sum(a[i, j] for i in mem for j in mem if i != j)
            assert tot[c] == pytest.approx(want, rel=1e-12, abs=1e-12)
    assert is_run.sum() > 40


def _random_inputs(rng: np.random.Generator, n: int) -> AffinityInputs:
    """``n`` actors on two issues of scale [0, 10] (status quo 0, midpoint 5): random positions and
    saliences, about four in five of them stated."""
    return AffinityInputs.of(
        rng.uniform(0, 10, (n, 2)),
        rng.uniform(0, 1, (n, 2)),
        rng.random((n, 2)) < 0.8,
        [0.0, 0.0],
        [10.0, 10.0],
        [5.0, 5.0],
    )


def test_a_basis_read_by_rows_is_the_held_matrix() -> None:
    rng = np.random.default_rng(5)
    n = 12
    inp = _random_inputs(rng, n)
    full = affinity.shared_positions(inp, [6.0, 4.0])
    lazy = Basis(n, partial(affinity.shared_positions_rows, inp, [6.0, 4.0]), hold=False)
    assert not lazy.held
    np.testing.assert_array_equal(np.asarray(lazy), full)
    np.testing.assert_array_equal(lazy[2:5], full[2:5])
    np.testing.assert_array_equal(lazy[3], full[3])
    assert lazy[3, 7] == full[3, 7]
    mem = np.array([1, 4, 9])
    np.testing.assert_array_equal(lazy[3, mem], full[3, mem])
    np.testing.assert_array_equal(lazy[np.ix_(mem, mem)], full[np.ix_(mem, mem)])
    masks = rng.random((7, n)) < 0.5
    np.testing.assert_allclose(
        likely.basis_cohesion(masks, lazy), likely.cohesion(masks, full), rtol=1e-12
    )


def test_basis_cohesion_reads_only_the_members_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cohesion of a few coalitions on a basis not held computes only the entries between actors in
    some coalition (a block of rows at a time), and is the mean pairwise score of the whole matrix."""
    monkeypatch.setattr(affinity, "_BLOCK_ELEMENTS", 20)
    rng = np.random.default_rng(11)
    n = 30
    inp = _random_inputs(rng, n)
    full = affinity.valuable_trades(inp)
    seen: list[tuple[np.ndarray, np.ndarray]] = []

    def recipe(rows: Any, cols: Any = None) -> np.ndarray:
        seen.append((affinity._row_index(n, rows), np.arange(n) if cols is None else cols))
        return affinity.valuable_trades_rows(inp, rows, cols)

    lazy = Basis(n, recipe, hold=False)
    some = rng.permutation(n)[:12]
    masks = np.zeros((4, n), bool)
    for c in range(4):
        masks[c, rng.choice(some, int(rng.integers(1, 9)), replace=False)] = True
    masks[0] = False  # an empty coalition: NaN, as cohesion says
    got = likely.basis_cohesion(masks, lazy)
    want = likely.cohesion(masks, full)
    np.testing.assert_allclose(got[1:], want[1:], rtol=1e-12, atol=1e-15)
    assert np.isnan(got[0])
    assert np.isnan(want[0])
    members = set(np.flatnonzero(masks.any(axis=0)).tolist())
    assert seen
    assert all(set(r.tolist()) <= members for r, _ in seen)
    assert all(set(c.tolist()) == members for _, c in seen)
    assert sum(len(r) for r, _ in seen) == len(members)
