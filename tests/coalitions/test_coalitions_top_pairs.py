"""top_pairs: the k strongest pairs of an affinity matrix without sorting its whole upper triangle.

Checked against the full stable sort of the upper triangle (what the evidence and ``to_dict`` did before),
on random matrices with many ties (values on a coarse grid), signed zeros, tiny sizes and NaN.
"""

from __future__ import annotations

import numpy as np
import pytest

from coalitionist.coalitions.affinity import top_pairs


def full_sort(a: np.ndarray, k: int) -> list[tuple[int, int]]:
    n = a.shape[0]
    iu = np.triu_indices(n, 1)
    order = np.argsort(-a[iu], kind="stable")[:k]
    return [(int(iu[0][t]), int(iu[1][t])) for t in order]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 11, 12, 40, 157])
@pytest.mark.parametrize("grid", [None, 3, 1])
def test_top_pairs_equals_full_stable_sort(n: int, grid: int | None) -> None:
    rng = np.random.default_rng(n * 7 + (grid or 0))
    for _ in range(5):
        a = rng.uniform(-1, 1, (n, n))
        if grid is not None:
            a = np.round(a * grid) / grid  # many exact ties, some -0.0
        a = (a + a.T) / 2
        for k in (1, 3, 10, 25):
            assert top_pairs(a, k) == full_sort(a, k)


def test_top_pairs_ties_at_the_cut_keep_row_major_order() -> None:
    a = np.zeros((30, 30))
    a[20, 25] = a[25, 20] = 1.0
    got = top_pairs(a, 10)
    assert got[0] == (20, 25)
    # the rest are zeros: the first nine pairs of the triangle in row-major order
    assert got[1:] == [(0, j) for j in range(1, 10)]


def test_top_pairs_with_nan_sorts_nan_last() -> None:
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 1, (20, 20))
    a[rng.uniform(size=a.shape) < 0.3] = np.nan
    assert top_pairs(a, 10) == full_sort(a, 10)
    assert top_pairs(np.full((5, 5), np.nan), 3) == [(0, 1), (0, 2), (0, 3)]
