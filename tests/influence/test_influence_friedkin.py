"""The Friedkin–Johnsen model against a direct dense linear solve, by hand, and by iteration."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.influence.errors import FriedkinJohnsenSingularError, InfluenceInputError
from coalitionist.influence.friedkin import friedkin_johnsen, influence_weights, total_influence


@st.composite
def networks(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 8))
    k = draw(st.integers(1, 3))
    cells = draw(
        st.lists(st.one_of(st.just(0.0), st.floats(0.05, 1.0)), min_size=n * n, max_size=n * n)
    )
    a = np.array(cells).reshape(n, n)
    np.fill_diagonal(a, 0.0)
    lam = np.array(draw(st.lists(st.floats(0.0, 0.99), min_size=n, max_size=n)))
    x0 = np.array(draw(st.lists(st.floats(-100, 100), min_size=n * k, max_size=n * k))).reshape(
        n, k
    )
    return a, lam, x0


@settings(max_examples=100, deadline=None)
@given(networks())
def test_equilibrium_matches_numpy_solve(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    a, lam_raw, x0 = case
    w, lam = influence_weights(sp.csr_matrix(a), lam_raw)
    wd = w.toarray()
    n = len(a)
    # W by hand: row i = incoming weights a[:, i] normalised
    s_in = a.sum(axis=0)
    for i in range(n):
        if s_in[i] > 0:
            np.testing.assert_allclose(wd[i], a[:, i] / s_in[i])
            assert lam[i] == lam_raw[i]
        else:
            assert not wd[i].any()
            assert lam[i] == 0
    big_l = np.diag(lam)
    want = np.linalg.solve(np.eye(n) - big_l @ wd, (np.eye(n) - big_l) @ x0)
    got = friedkin_johnsen(w, lam, x0)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)
    # it is the fixed point of the iteration x = ΛWx + (I − Λ)x0
    np.testing.assert_allclose(big_l @ wd @ got + (np.eye(n) - big_l) @ x0, got, atol=1e-8)
    v = total_influence(w, lam)
    np.testing.assert_allclose(
        v, np.linalg.solve(np.eye(n) - big_l @ wd, np.eye(n) - big_l), atol=1e-9
    )
    np.testing.assert_allclose(v.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(v @ x0, got, atol=1e-8)
    assert np.all(v >= -1e-12)


def test_iteration_converges_to_the_equilibrium() -> None:
    rng = np.random.default_rng(7)
    a = rng.random((6, 6)) * (rng.random((6, 6)) < 0.5)
    np.fill_diagonal(a, 0)
    w, lam = influence_weights(sp.csr_matrix(a))
    x0 = rng.random(6) * 100
    x = x0.copy()
    wd = w.toarray()
    for _ in range(2000):
        x = lam * (wd @ x) + (1 - lam) * x0
    np.testing.assert_allclose(friedkin_johnsen(w, lam, x0), x, atol=1e-9)


def test_share_susceptibility_by_hand() -> None:
    # b sways a with strength 1 → λ_a = 1/2: a meets b halfway; c (0.5 from b) → λ_c = 1/3
    a = np.zeros((3, 3))
    a[1, 0] = 1.0
    a[1, 2] = 0.5
    w, lam = influence_weights(sp.csr_matrix(a))
    np.testing.assert_allclose(lam, [0.5, 0.0, 1 / 3])
    x = friedkin_johnsen(w, lam, [0.0, 60.0, 0.0])
    np.testing.assert_allclose(x, [30.0, 60.0, 20.0])


def test_constant_susceptibility_applies_only_to_influenced_actors() -> None:
    a = np.zeros((2, 2))
    a[0, 1] = 0.3
    _, lam = influence_weights(sp.csr_matrix(a), 0.5)
    np.testing.assert_allclose(lam, [0.0, 0.5])


def test_two_actor_example() -> None:
    assert friedkin_johnsen(
        np.array([[0.0, 1.0], [0.0, 0.0]]), [0.5, 0.0], [0.0, 10.0]
    ).tolist() == [5.0, 10.0]


def test_fully_susceptible_closed_group_is_singular() -> None:
    with pytest.raises(FriedkinJohnsenSingularError):
        friedkin_johnsen(np.array([[0.0, 1.0], [1.0, 0.0]]), [1.0, 1.0], [0.0, 1.0])


def test_fully_susceptible_actor_with_an_anchored_influencer_is_fine() -> None:
    # a takes only b's position; b keeps its own
    assert friedkin_johnsen(
        np.array([[0.0, 1.0], [0.0, 0.0]]), [1.0, 0.0], [0.0, 7.0]
    ).tolist() == [7.0, 7.0]


@pytest.mark.parametrize(
    ("w", "lam", "x0"),
    [
        (np.array([[0.0, 0.5], [0.0, 0.0]]), [0.5, 0.0], [0.0, 1.0]),  # row does not sum to 1
        (np.array([[0.0, 1.0], [0.0, 0.0]]), [0.5, 0.5], [0.0, 1.0]),  # λ > 0 on an empty row
        (np.array([[0.0, 1.0], [0.0, 0.0]]), [1.5, 0.0], [0.0, 1.0]),  # λ > 1
        (np.array([[0.0, 1.0], [0.0, 0.0]]), [0.5, 0.0], [0.0, 1.0, 2.0]),  # x0 shape
        (np.array([[0.0, 1.0], [0.0, 0.0]]), [0.5], [0.0, 1.0]),  # λ shape
        (np.array([[0.0, 1.0], [0.0, 0.0]]), [0.5, 0.0], [0.0, np.nan]),
    ],
)
def test_bad_inputs_are_rejected(w: np.ndarray, lam: list[float], x0: list[float]) -> None:
    with pytest.raises(InfluenceInputError):
        friedkin_johnsen(w, lam, x0)


@pytest.mark.parametrize("sus", ["average", 1.5, [0.1, 0.2, 0.3]])
def test_bad_susceptibility_is_rejected(sus: Any) -> None:
    with pytest.raises(InfluenceInputError):
        influence_weights(sp.csr_matrix(np.zeros((2, 2))), sus)
