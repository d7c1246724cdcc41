"""Network position measures, checked against networkx (a peer) and brute force."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.influence.position import (
    betweenness,
    burt_constraint,
    effective_size,
    strengths,
    two_step_reach,
)


@st.composite
def digraphs(draw: st.DrawFn, max_n: int = 9) -> np.ndarray:
    n = draw(st.integers(1, max_n))
    cells = draw(
        st.lists(st.one_of(st.just(0.0), st.floats(0.05, 1.0)), min_size=n * n, max_size=n * n)
    )
    m = np.array(cells).reshape(n, n)
    np.fill_diagonal(m, 0.0)
    return m


def to_nx(m: np.ndarray) -> nx.DiGraph[int]:
    g: nx.DiGraph[int] = nx.DiGraph()
    g.add_nodes_from(range(len(m)))
    for i, j in zip(*np.nonzero(m), strict=True):
        g.add_edge(int(i), int(j), weight=float(m[i, j]))
    return g


def test_strengths_by_hand() -> None:
    m = sp.csr_matrix(np.array([[0, 0.5, 0.2], [0, 0, 0.3], [0.1, 0, 0]]))
    out, inn = strengths(m)
    np.testing.assert_allclose(out, [0.7, 0.3, 0.1])
    np.testing.assert_allclose(inn, [0.1, 0.5, 0.5])


def test_betweenness_of_a_chain_by_hand() -> None:
    # a → b → c: b lies on the only path a…c; 1 pair of the (n−1)(n−2) = 2 ordered pairs of others
    m = sp.csr_matrix(np.array([[0, 1.0, 0], [0, 0, 1.0], [0, 0, 0]]))
    np.testing.assert_allclose(betweenness(m), [0.0, 0.5, 0.0])
    np.testing.assert_allclose(betweenness(m, normalized=False), [0.0, 1.0, 0.0])


def test_betweenness_splits_over_equal_shortest_paths() -> None:
    # s → a → t and s → b → t: a and b each carry half of the one pair (s, t)
    m = np.zeros((4, 4))
    m[0, 1] = m[0, 2] = m[1, 3] = m[2, 3] = 1.0
    np.testing.assert_allclose(betweenness(sp.csr_matrix(m), normalized=False), [0, 0.5, 0.5, 0])


@settings(max_examples=60, deadline=None)
@given(digraphs())
def test_betweenness_matches_networkx(m: np.ndarray) -> None:
    want = nx.betweenness_centrality(to_nx(m), normalized=True)
    got = betweenness(sp.csr_matrix(m))
    if len(m) < 3:
        np.testing.assert_allclose(got, 0.0)
    else:
        np.testing.assert_allclose(got, [want[i] for i in range(len(m))], atol=1e-12)


def test_betweenness_batches_agree_with_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    m = (rng.random((40, 40)) < 0.1).astype(float)
    np.fill_diagonal(m, 0)
    whole = betweenness(sp.csr_matrix(m))
    monkeypatch.setattr("coalitionist.influence.position.BETWEENNESS_BATCH", 7)
    np.testing.assert_allclose(betweenness(sp.csr_matrix(m)), whole, atol=1e-12)


def brute_two_step(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(m)
    reach = np.zeros(n)
    weighted = np.zeros(n)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            best = m[i, j]
            for k in range(n):
                if m[i, k] > 0 and m[k, j] > 0:
                    best = max(best, m[i, k] * m[k, j])
            if best > 0:
                reach[i] += 1
                weighted[i] += best
    return reach / max(n - 1, 1), weighted / max(n - 1, 1)


@settings(max_examples=80, deadline=None)
@given(digraphs())
def test_two_step_reach_matches_brute_force(m: np.ndarray) -> None:
    r, w = two_step_reach(sp.csr_matrix(m))
    br, bw = brute_two_step(m)
    if len(m) < 2:
        np.testing.assert_allclose(r, 0.0)
        return
    np.testing.assert_allclose(r, br, atol=1e-12)
    np.testing.assert_allclose(w, bw, atol=1e-12)


def test_two_step_reach_prefers_a_strong_indirect_chain() -> None:
    m = np.zeros((3, 3))
    m[0, 2] = 0.3
    m[0, 1] = m[1, 2] = 0.9
    _, w = two_step_reach(sp.csr_matrix(m))
    assert w[0] == pytest.approx((0.9 + 0.81) / 2)


@settings(max_examples=60, deadline=None)
@given(digraphs())
def test_constraint_and_effective_size_match_networkx(m: np.ndarray) -> None:
    g = to_nx(m)
    c = burt_constraint(sp.csr_matrix(m))
    e = effective_size(sp.csr_matrix(m))
    # networkx's per-node definitions (its loop versions: its all-nodes sparse shortcut for the weighted
    # effective size normalises by the wrong axis, networkx/networkx PR #8906)
    for v in range(len(m)):
        if len(list(nx.all_neighbors(g, v))) == 0:
            assert math.isnan(c[v])
            assert math.isnan(e[v])
            continue
        want_c = sum(
            nx.local_constraint(g, v, u, weight="weight") for u in set(nx.all_neighbors(g, v))
        )
        assert c[v] == pytest.approx(want_c, abs=1e-12)
        nmw = nx.algorithms.structuralholes.normalized_mutual_weight
        want_e = sum(
            1
            - sum(
                nmw(g, v, w, weight="weight") * nmw(g, u, w, norm=max, weight="weight")
                for w in set(nx.all_neighbors(g, v))
            )
            for u in set(nx.all_neighbors(g, v))
            if u != v
        )
        assert e[v] == pytest.approx(want_e, abs=1e-12)


def test_structural_holes_by_hand() -> None:
    # a star: the centre's three contacts are unconnected → constraint 3·(1/3)² = 1/3, effective size 3
    m = np.zeros((4, 4))
    for leaf in (1, 2, 3):
        m[0, leaf] = 1.0
    c = burt_constraint(sp.csr_matrix(m))
    e = effective_size(sp.csr_matrix(m))
    assert c[0] == pytest.approx(1 / 3)
    assert e[0] == pytest.approx(3.0)
    assert c[1] == pytest.approx(1.0)  # a leaf depends on its single contact
    # a triangle: every contact is redundant with the other → effective size 2 − 2·(1/2) = 1
    tri = np.ones((3, 3)) - np.eye(3)
    assert effective_size(sp.csr_matrix(tri)).tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_empty_and_tiny_graphs() -> None:
    for n in (0, 1, 2):
        m = sp.csr_matrix((n, n))
        assert betweenness(m).shape == (n,)
        r, w = two_step_reach(m)
        assert r.shape == w.shape == (n,)
    out, inn = strengths(sp.csr_matrix((0, 0)))
    assert out.shape == inn.shape == (0,)
