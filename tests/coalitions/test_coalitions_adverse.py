"""Sides, cross-pressure and the blocking impact of peeling a member off."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.coalitions.adverse import (
    cross_pressure,
    peel_impact,
    proposal_of,
    stance_margin,
)
from coalitionist.coalitions.affinity import AffinityInputs
from coalitionist.coalitions.errors import CoalitionInputError
from coalitionist.coalitions.likely import MaskTest


def blocking(w: list[int], q: float) -> MaskTest:
    wv = np.asarray(w, dtype=float)

    def blocks(masks: np.ndarray) -> np.ndarray:
        return ~((~np.asarray(masks, dtype=bool)) @ wv >= q)

    return blocks


def brute_impact(c: np.ndarray, blocks: MaskTest) -> np.ndarray:
    mem = list(np.flatnonzero(c))
    n = len(c)
    out = []
    for m in mem:
        others = [i for i in mem if i != m]
        swings = 0
        for r in range(len(others) + 1):
            for sub in itertools.combinations(others, r):
                t = np.zeros(n, bool)
                t[list(sub)] = True
                tm = t.copy()
                tm[m] = True
                swings += int(blocks(tm[None])[0] and not blocks(t[None])[0])
        out.append(swings / 2 ** len(others))
    return np.array(out)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 9), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
            st.integers(1, 40),
        )
    )
)
def test_exact_impact_matches_a_loop(case: tuple[list[int], list[bool], int]) -> None:
    w, cells, q = case
    c = np.array(cells, dtype=bool)
    blocks = blocking(w, q)
    res = peel_impact(c, blocks)
    assert res.exact
    np.testing.assert_allclose(res.impact, brute_impact(c, blocks), atol=1e-12)


def test_clinic_like_impact_by_hand() -> None:
    # votes: lead 3, three others 1 each, three outsiders 1 each; a proposal passes with 6 of 9.
    # The four insiders block when they hold ≥ 4 votes: the lead is decisive in 7 of its 8 sub-coalitions.
    w = [3, 1, 1, 1, 1, 1, 1]
    c = np.array([True, True, True, True, False, False, False])
    res = peel_impact(c, blocking(w, 6))
    np.testing.assert_allclose(res.impact, [7 / 8, 1 / 8, 1 / 8, 1 / 8])


def test_monte_carlo_estimate_is_close_and_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(1)
    w = rng.integers(1, 6, size=18).tolist()
    q = sum(w) // 2 + 1
    c = np.zeros(18, bool)
    c[:16] = True  # above the exact limit
    blocks = blocking(w, q)
    est = peel_impact(c, blocks, seed=5, samples=4000)
    assert not est.exact
    again = peel_impact(c, blocks, seed=5, samples=4000)
    np.testing.assert_array_equal(est.impact, again.impact)
    # the exact count (checked against a loop in test_exact_impact_matches_a_loop), with the limit raised
    monkeypatch.setattr("coalitionist.coalitions.adverse.EXACT_MAX_MEMBERS", 20)
    exact = peel_impact(c, blocks)
    assert exact.exact
    # Hoeffding: |error| ≤ 0.05 for every member with probability ≥ 1 − 32·exp(−2·4000·0.05²) ≈ 1 − 7e-8
    assert np.max(np.abs(est.impact - exact.impact)) < 0.05


def test_peel_impact_rejects_bad_input() -> None:
    with pytest.raises(CoalitionInputError):
        peel_impact(np.ones((2, 2), bool), blocking([1, 1], 1))
    with pytest.raises(CoalitionInputError):
        peel_impact(np.ones(2, bool), blocking([1, 1], 1), samples=0)
    assert peel_impact(np.zeros(3, bool), blocking([1, 1, 1], 2)).impact.size == 0


def test_stance_margin_by_hand() -> None:
    # status quo (0, 50); focal proposal (100, 30)
    inp = AffinityInputs.of(
        [[100, 30], [80, 60], [10, 100], [50, 40]],
        [[0.9, 0.1], [0.5, 0.5], [0.6, 0.4], [0.0, 0.0]],
        np.array([[True, True], [True, True], [True, True], [False, False]]),
        [0, 0],
        [100, 100],
        [0, 50],
    )
    p = proposal_of(inp, 0)
    assert p.tolist() == [100.0, 30.0]
    m = stance_margin(inp, p)
    # actor 1: gains 0.5·(0.8 − 0.2) on issue 0, loses 0.5·(0.3 − 0.1) on issue 1 → (0.3 − 0.1) / 1
    assert m[1] == pytest.approx(0.2)
    # actor 2: issue 0 loses 0.6·(0.9 − 0.1), issue 1 gains 0.4·(0.5 − 0.7)… → (−0.48 − 0.08) / 1
    assert m[2] == pytest.approx(-0.56)
    assert m[3] == 0.0
    assert m[0] == pytest.approx((0.9 * 1.0 + 0.1 * 0.2) / 1.0)


def test_cross_pressure_by_hand() -> None:
    a = np.zeros((3, 3))
    a[0, 2] = 0.5  # focal-side 0 sways member 2
    s = np.zeros((3, 3))
    s[1, 2] = s[2, 1] = 0.4  # focal-side 1 is friendly with 2
    out = cross_pressure([False, False, True], [True, True, False], a, s)
    assert out.tolist() == pytest.approx([0.0, 0.0, 1 - 0.5 * 0.6])


def test_cross_pressure_accepts_sparse_matrices() -> None:
    import scipy.sparse as sp  # type: ignore[import-untyped]

    rng = np.random.default_rng(2)
    a = rng.random((6, 6)) * (rng.random((6, 6)) < 0.4)
    s = rng.uniform(-1, 1, (6, 6)) * (rng.random((6, 6)) < 0.4)
    s = (s + s.T) / 2
    members = np.array([False, True, True, False, True, False])
    focal = np.array([True, False, False, True, False, False])
    dense = cross_pressure(members, focal, a, s)
    assert cross_pressure(
        members, focal, sp.csr_matrix(a), sp.csr_matrix(s)
    ).tolist() == pytest.approx(dense.tolist())
    # the definition, by loops
    for m in range(6):
        want = 0.0
        if members[m] and not focal[m]:
            prod = 1.0
            for f in np.flatnonzero(focal):
                prod *= 1 - min(1.0, max(a[f, m], a[m, f], s[f, m], 0.0))
            want = 1 - prod
        assert dense[m] == pytest.approx(want)
