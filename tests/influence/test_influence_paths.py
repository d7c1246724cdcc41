"""Strongest influence chains, checked against brute-force enumeration of simple paths."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.influence.paths import strongest_paths


@st.composite
def weighted_digraphs(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(2, 7))
    cells = draw(
        st.lists(st.one_of(st.just(0.0), st.floats(0.05, 1.0)), min_size=n * n, max_size=n * n)
    )
    m = np.array(cells).reshape(n, n)
    np.fill_diagonal(m, 0.0)
    return m


def best_by_enumeration(m: np.ndarray, s: int, t: int) -> float:
    g: nx.DiGraph[int] = nx.DiGraph()
    g.add_nodes_from(range(len(m)))
    g.add_edges_from((int(i), int(j)) for i, j in zip(*np.nonzero(m), strict=True))
    best = 0.0
    for path in nx.all_simple_paths(g, s, t):
        best = max(best, float(np.prod([m[a, b] for a, b in itertools.pairwise(path)])))
    return best


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs(), st.data())
def test_strongest_chain_matches_enumeration(m: np.ndarray, data: st.DataObject) -> None:
    n = len(m)
    targets = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    res = strongest_paths(sp.csr_matrix(m), targets)
    for a, t in enumerate(targets):
        for s in range(n):
            if s == t:
                assert res.strength[a, s] == 1.0
                assert res.path(a, s) == [t]
                continue
            want = best_by_enumeration(m, s, t)
            assert res.strength[a, s] == pytest.approx(want, rel=1e-9, abs=1e-15)
            path = res.path(a, s)
            if want == 0:
                assert path == []
            else:
                assert path[0] == s
                assert path[-1] == t
                prod = np.prod([m[u, v] for u, v in itertools.pairwise(path)])
                assert prod == pytest.approx(want, rel=1e-9)


def test_indirect_chain_beats_weak_direct_tie() -> None:
    m = np.zeros((3, 3))
    m[0, 2] = 0.3
    m[0, 1] = m[1, 2] = 0.9
    res = strongest_paths(sp.csr_matrix(m), [2])
    assert res.path(0, 0) == [0, 1, 2]
    assert res.strength[0, 0] == pytest.approx(0.81)
    assert res.strength[0, 1] == pytest.approx(0.9)


def test_ties_of_strength_one_are_kept() -> None:
    m = np.zeros((3, 3))
    m[0, 1] = m[1, 2] = 1.0
    res = strongest_paths(sp.csr_matrix(m), [2])
    assert res.path(0, 0) == [0, 1, 2]
    assert res.strength[0, 0] == pytest.approx(1.0)


def test_no_targets() -> None:
    res = strongest_paths(sp.csr_matrix((3, 3)), [])
    assert res.strength.shape == (0, 3)
