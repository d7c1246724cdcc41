"""The large-scenario paths of the coalition analysis give the numbers of the plain formulas (issue 17.3).

Each kernel that was rewritten to run 10,000 actors in bounded time and memory is checked here against a
brute-force computation written out in the test from the definition, on random inputs.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from coalitionist.coalitions.likely import rivalry


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
