"""``unique_rows`` (packed rows sorted as byte strings) gives ``np.unique(masks, axis=0)``: the same
distinct rows in the same order, on random masks with duplicates, long shared prefixes (the intervals
of the minimal connected winning coalitions) and widths that do not fill the last byte."""

from __future__ import annotations

import numpy as np
import pytest

from coalitionist.coalitions.errors import CoalitionInputError
from coalitionist.coalitions.likely import unique_rows


@pytest.mark.parametrize("n", [1, 7, 8, 9, 16, 63, 200])
def test_unique_rows_is_numpy_unique(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(20):
        c = int(rng.integers(1, 40))
        m = rng.random((c, n)) < rng.uniform(0.05, 0.95)
        # duplicates, and runs that differ only near their ends
        lo = rng.integers(0, n, 10)
        runs = np.zeros((10, n), bool)
        for t, a in enumerate(lo):
            runs[t, a : a + int(rng.integers(1, n + 1))] = True
        m = np.concatenate([m, m[rng.integers(0, c, 5)], runs, runs[:3]])[rng.permutation(c + 18)]
        got = unique_rows(m)
        want = np.unique(m, axis=0)
        assert got.dtype == np.bool_
        assert got.shape == want.shape
        assert np.array_equal(got, want)


def test_unique_rows_edge_shapes() -> None:
    assert unique_rows(np.zeros((0, 5), bool)).shape == (0, 5)
    empty_rows = np.zeros((3, 0), bool)
    assert unique_rows(empty_rows).shape == np.unique(empty_rows, axis=0).shape
    one = np.array([[True, False, True]])
    assert np.array_equal(unique_rows(np.repeat(one, 4, axis=0)), one)
    with pytest.raises(CoalitionInputError):
        unique_rows(np.zeros(4, bool))
