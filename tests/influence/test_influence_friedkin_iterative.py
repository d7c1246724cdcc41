"""Above DIRECT_MAX actors the Friedkin–Johnsen equilibrium is iterated to a guaranteed error bound.

The reference is the dense inverse ``(I − ΛW)⁻¹`` from numpy, independent of both solvers.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]

from coalitionist.influence import friedkin
from coalitionist.influence.friedkin import friedkin_johnsen, influence_weights, total_influence


def _case(
    n: int, seed: int, susceptibility: object
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), 4)
    cols = rng.integers(0, n, size=len(rows))
    keep = rows != cols
    a = sp.csr_matrix((rng.uniform(0.1, 1.0, keep.sum()), (rows[keep], cols[keep])), shape=(n, n))
    w, lam = influence_weights(a, susceptibility)  # type: ignore[arg-type]
    return w, lam, rng.uniform(0, 100, size=(n, 3))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("susceptibility", ["share", 0.9])
def test_iteration_matches_the_dense_inverse(
    monkeypatch: pytest.MonkeyPatch, seed: int, susceptibility: object
) -> None:
    n = 200
    w, lam, x0 = _case(n, seed, susceptibility)
    wd = np.asarray(sp.csr_matrix(w).todense())
    v = np.linalg.inv(np.eye(n) - lam[:, None] * wd) * (1.0 - lam)[None, :]
    monkeypatch.setattr(friedkin, "DIRECT_MAX", 10)
    assert friedkin._contraction(sp.identity(n, format="csc") - sp.diags(lam) @ w) is not None
    xs = friedkin_johnsen(w, lam, x0)
    assert np.allclose(xs, v @ x0, rtol=0, atol=1e-9)
    rows = [0, 5, 17]
    assert np.allclose(total_influence(w, lam, rows), v[rows], rtol=0, atol=1e-11)


def test_no_contraction_falls_back_to_the_factorisation(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 50
    w, lam, _ = _case(n, 3, 1.0)  # λ = 1 for everyone influenced: ‖ΛW‖ = 1
    monkeypatch.setattr(friedkin, "DIRECT_MAX", 10)
    assert friedkin._contraction(sp.identity(n, format="csc") - sp.diags(lam) @ w) is None
