"""Fair agreements: hand-worked splits and brute-force definitions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.trades.bargaining import (
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)


def _split(scale_b: int, d: tuple[int, int]) -> np.ndarray:
    """A gets x, B gets scale_b * (10 - x), for x = 0..10; gains over d."""
    return np.array([[x - d[0], scale_b * (10 - x) - d[1]] for x in range(11)], dtype=np.int64)


ONE = (1, 1)
ACTIVE = np.array([True, True])


def test_symmetric_split_with_an_outside_option() -> None:
    """u = (x, 10 - x), no deal (0, 4): gains (x, 6 - x). Nash: max x(6 - x) at x = 3. KS: ideal gains
    6 and 6, equal shares at x = 3. Egalitarian: min(x, 6 - x) is largest at 3. Utilitarian: the sum
    is 10 everywhere, so the tie goes to the first row (x = 0)."""
    gains = _split(1, (0, 4))
    assert nash_point(gains, ONE, ACTIVE) == 3
    assert kalai_smorodinsky_point(gains, ONE, ACTIVE) == 3
    assert egalitarian_point(gains, ONE, ACTIVE) == 3
    assert utilitarian_point(gains, ONE) == 0


def test_rescaling_one_side_moves_only_the_scale_dependent_solutions() -> None:
    """B's utility doubled: u = (x, 2(10 - x)), no deal 0. Nash and KS are scale invariant: x = 5.
    Egalitarian equalises absolute gains, x = 2(10 - x) at x = 20/3; on the grid x = 6 gives (6, 8)
    and x = 7 gives (7, 6): equal minimum 6, leximin prefers (6, 8). Utilitarian: 20 - x, at x = 0."""
    gains = _split(2, (0, 0))
    assert nash_point(gains, ONE, ACTIVE) == 5
    assert kalai_smorodinsky_point(gains, ONE, ACTIVE) == 5
    assert egalitarian_point(gains, ONE, ACTIVE) == 6
    assert utilitarian_point(gains, ONE) == 0


def test_no_strict_gain_means_no_nash_point() -> None:
    gains = np.array([[1, 0], [0, 1], [-1, 3]], dtype=np.int64)
    assert nash_point(gains, ONE, ACTIVE) is None
    assert egalitarian_point(gains, ONE, ACTIVE) in (0, 1)
    gains = np.array([[-1, 2], [2, -1]], dtype=np.int64)
    assert kalai_smorodinsky_point(gains, ONE, ACTIVE) is None
    assert egalitarian_point(gains, ONE, ACTIVE) is None


def test_inactive_actor_is_left_out_of_the_product() -> None:
    gains = np.array([[2, 2, 0], [1, 5, 0], [3, 1, 0]], dtype=np.int64)
    active = np.array([True, True, False])
    assert nash_point(gains, (1, 1, 1), active) == 1
    assert nash_point(gains, (1, 1, 1), np.array([True, True, True])) is None


def test_scales_are_respected() -> None:
    """Integer gains in scales (10, 1): true gains (0.1, 9) vs (0.9, 1): utilitarian picks row 0."""
    gains = np.array([[1, 9], [9, 1]], dtype=np.int64)
    assert utilitarian_point(gains, (10, 1)) == 0
    assert utilitarian_point(gains, (1, 10)) == 1


def test_python_integer_gains() -> None:
    big = 10**25
    gains = np.empty((3, 2), dtype=object)
    gains[:] = [[big, 3 * big], [2 * big, 2 * big + 1], [3 * big, big]]
    assert nash_point(gains, (1, 1), ACTIVE) == 1
    assert egalitarian_point(gains, (1, 1), ACTIVE) == 1
    assert kalai_smorodinsky_point(gains, (1, 1), ACTIVE) == 1
    assert utilitarian_point(gains, (1, 1)) == 1


rows = st.integers(1, 3).flatmap(
    lambda n: st.lists(
        st.lists(st.integers(-3, 6), min_size=n, max_size=n), min_size=1, max_size=25
    )
)
scales = st.lists(st.integers(1, 4), min_size=3, max_size=3)


@settings(max_examples=150, deadline=None)
@given(rows, scales)
def test_solutions_attain_their_criterion(data: list[list[int]], scale3: list[int]) -> None:
    n = len(data[0])
    scale = tuple(scale3[:n])
    gains = np.array(data, dtype=np.int64)
    active = np.ones(n, dtype=bool)
    g = [[Fraction(v, scale[i]) for i, v in enumerate(row)] for row in data]

    u = utilitarian_point(gains, scale)
    assert u is not None
    assert sum(g[u]) == max(sum(r) for r in g)

    strict = [r for r in g if min(r) > 0]
    p = nash_point(gains, scale, active)
    if not strict:
        assert p is None
    else:
        assert p is not None
        assert math.prod(g[p]) == max(math.prod(r) for r in strict)

    weak = [r for r in g if min(r) >= 0]
    e = egalitarian_point(gains, scale, active)
    k = kalai_smorodinsky_point(gains, scale, active)
    if not weak:
        assert e is None
        assert k is None
        return
    assert e is not None
    assert k is not None
    assert sorted(g[e]) == max(sorted(r) for r in weak)
    ideal = [max(r[i] for r in weak) for i in range(n)]
    cols = [i for i in range(n) if ideal[i] > 0]

    def ratios(r: list[Fraction]) -> list[Fraction]:
        return sorted(r[i] / ideal[i] for i in cols)

    assert ratios(g[k]) == max(ratios(r) for r in weak)
    assert min(g[k]) >= 0
