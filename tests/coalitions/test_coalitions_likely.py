"""Ranking criteria and generators of likely coalitions, against brute force and Axelrod's definitions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.coalitions.likely import (
    MaskTest,
    cohesion,
    gaps,
    grow_winning,
    ideological_range,
    is_minimal,
    likelihood_score,
    minimal_connected_winning,
    minimalize,
)


def weighted(w: list[int], q: float) -> MaskTest:
    wv = np.asarray(w, dtype=float)

    def test(masks: np.ndarray) -> np.ndarray:
        return np.asarray(masks, dtype=bool) @ wv >= q

    return test


def all_masks(n: int) -> np.ndarray:
    return np.array(list(itertools.product([False, True], repeat=n)), dtype=bool).reshape(-1, n)


@st.composite
def games(draw: st.DrawFn, max_n: int = 8) -> tuple[int, list[int], int]:
    n = draw(st.integers(1, max_n))
    w = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    total = sum(w)
    q = draw(st.integers(1, max(1, total)))
    return n, w, q


def test_axelrod_toy_from_the_literature() -> None:
    # L1 10, L2 20, C 25, R1 30, R2 15 (left to right), quota 51: minimal connected winning coalitions are
    # {L1, L2, C} and {C, R1} (Axelrod 1970's definition; the worked toy of our research notes).
    w = [10, 20, 25, 30, 15]
    x = [0, 1, 2, 3, 4]
    mcw = minimal_connected_winning(x, np.ones(5, bool), weighted(w, 51))
    got = sorted(tuple(np.flatnonzero(r).tolist()) for r in mcw)
    assert got == [(0, 1, 2), (2, 3)]
    # and its minimal winning coalitions, by brute force
    test = weighted(w, 51)
    masks = all_masks(5)
    mwc = masks[is_minimal(masks, test)]
    names = ["L1", "L2", "C", "R1", "R2"]
    found = sorted(tuple(names[i] for i in np.flatnonzero(m)) for m in mwc)
    assert found == sorted(
        [
            ("C", "R1"),
            ("L1", "L2", "C"),
            ("L1", "L2", "R1"),
            ("L1", "R1", "R2"),
            ("L2", "C", "R2"),
            ("L2", "R1", "R2"),
        ]
    )


@settings(max_examples=100, deadline=None)
@given(games(), st.data())
def test_minimal_connected_winning_matches_interval_brute_force(
    game: tuple[int, list[int], int], data: st.DataObject
) -> None:
    n, w, q = game
    x = data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    placed = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    test = weighted(w, q)
    got = {tuple(np.flatnonzero(r)) for r in minimal_connected_winning(x, placed, test)}
    idx = [i for i in sorted(range(n), key=lambda i: (x[i], i)) if placed[i]]
    want = set()
    for a in range(len(idx)):
        for b in range(a, len(idx)):
            m = np.zeros(n, bool)
            m[idx[a : b + 1]] = True
            if not test(m[None])[0]:
                continue
            left = m.copy()
            left[idx[a]] = False
            right = m.copy()
            right[idx[b]] = False
            if not test(left[None])[0] and not test(right[None])[0]:
                want.add(tuple(sorted(idx[a : b + 1])))
    assert got == want


@settings(max_examples=100, deadline=None)
@given(games(), st.data())
def test_minimalize_gives_a_minimal_winning_subset(
    game: tuple[int, list[int], int], data: st.DataObject
) -> None:
    n, w, q = game
    test = weighted(w, q)
    start = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    if not test(start[None])[0]:
        return
    order = data.draw(st.permutations([int(i) for i in np.flatnonzero(start)]))
    batch = data.draw(st.integers(1, 4))
    out = minimalize(start, order, test, batch=batch)
    assert not np.any(out & ~start)
    assert is_minimal(out[None], test)[0]


def greedy_reference(seed: int, aff: np.ndarray, test: MaskTest) -> np.ndarray | None:
    n = len(aff)
    cur = [seed]
    while not test(np.isin(np.arange(n), cur)[None])[0]:
        rest = [j for j in range(n) if j not in cur]
        if not rest:
            return None
        cur.append(max(rest, key=lambda j: (sum(aff[j, i] for i in cur), -j)))
    return np.isin(np.arange(n), cur)


@settings(max_examples=100, deadline=None)
@given(games(), st.data())
def test_grow_winning_matches_a_plain_greedy_loop(
    game: tuple[int, list[int], int], data: st.DataObject
) -> None:
    n, w, q = game
    test = weighted(w, q)
    # integer affinities keep the running sums exact, so ties break the same way in both
    aff = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=n * n, max_size=n * n)), float)
    aff = aff.reshape(n, n) + aff.reshape(n, n).T
    seed = data.draw(st.integers(0, n - 1))
    out = grow_winning(seed, aff, test, chunk=data.draw(st.integers(1, 5)))
    want = greedy_reference(seed, aff, test)
    if want is None:
        assert out is None
    else:
        assert out is not None
        assert out.tolist() == want.tolist()


def test_grow_winning_follows_affinity() -> None:
    # 0 likes 2 more than 1; any two actors win
    aff = np.array([[0, 0.1, 0.9], [0.1, 0, 0.0], [0.9, 0.0, 0]])
    out = grow_winning(0, aff, weighted([1, 1, 1], 2))
    assert out is not None
    assert out.tolist() == [True, False, True]
    none = grow_winning(0, aff, weighted([1, 1, 1], 2), allowed=[True, True, False])
    assert none is not None
    assert none.tolist() == [True, True, False]
    assert grow_winning(0, aff, weighted([1, 1, 1], 3), allowed=[True, True, False]) is None


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 7).flatmap(
        lambda n: st.tuples(
            st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n),
            st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=5),
        )
    )
)
def test_cohesion_is_the_mean_over_member_pairs(case: tuple[list[float], list[list[bool]]]) -> None:
    cells, rows = case
    n = len(rows[0])
    a = np.array(cells).reshape(n, n)
    a = (a + a.T) / 2
    masks = np.array(rows, dtype=bool)
    got = cohesion(masks, a)
    for r, m in enumerate(masks):
        mem = np.flatnonzero(m)
        if len(mem) == 0:
            assert np.isnan(got[r])
        elif len(mem) == 1:
            assert got[r] == 1.0
        else:
            pairs = [a[i, j] for i in mem for j in mem if i != j]
            assert got[r] == pytest.approx(np.mean(pairs), abs=1e-12)


def test_gaps_range_and_score_by_hand() -> None:
    x = np.array([0.0, 10.0, 20.0, 30.0, 40.0])
    placed = np.array([True, True, True, False, True])
    masks = np.array(
        [
            [True, False, True, False, False],  # 0 and 20: actor 1 (at 10) sits between
            [True, True, True, False, False],  # connected
            [False, False, True, True, True],  # 20..40; actor 3 unplaced, no gap
        ]
    )
    assert gaps(masks, x, placed).tolist() == [1, 0, 0]
    np.testing.assert_allclose(ideological_range(masks, x, placed, 100.0), [0.2, 0.2, 0.2])
    assert likelihood_score([1.0], [0], [0.0])[0] == pytest.approx(1.0)
    assert likelihood_score([-1.0], [1], [1.0])[0] == pytest.approx(0.5 / 3)
