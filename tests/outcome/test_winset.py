"""The win set against Black's median-voter result and Tsebelis's veto-player theorem."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.outcome.rule import ternary_rule
from coalitionist.outcome.winset import check_point, issue_win_intervals, passes_at, veto_ranges
from coalitionist.power import AllOf, Count, Veto


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 100), min_size=1, max_size=7).filter(lambda v: len(v) % 2 == 1),
    st.integers(0, 100),
)
def test_one_issue_majority_win_set_is_the_median_interval(voters, q):
    """Black (1948): with single-peaked preferences on a line and majority rule, W(q) is the open
    interval between q and its reflection about the median voter."""
    n = len(voters)
    m = float(np.median(voters))
    rule = ternary_rule(Count(n, quota=n // 2 + 1))
    xs = np.arange(0.0, 100.5, 0.5)
    got = passes_at(
        xs[:, None],
        [[float(v)] for v in voters],
        [[1.0]] * n,
        [float(q)],
        rule,
        width=[100.0],
        band=0.0,
    )
    lo, hi = sorted((float(q), 2 * m - q))
    want = (xs > lo) & (xs < hi)
    assert (got == want).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 100), min_size=2, max_size=6),
    st.integers(0, 100),
    st.data(),
)
def test_passable_points_lie_in_the_veto_players_range(voters, q, data):
    n = len(voters)
    holders = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1)))
    rule = ternary_rule(AllOf([Count(n, quota=max(1, n // 2)), Veto(n, holders=holders)]))
    pos = [[float(v)] for v in voters]
    xs = np.arange(0.0, 100.5, 0.5)
    ok = passes_at(xs[:, None], pos, [[1.0]] * n, [float(q)], rule, width=[100.0], band=0.0)
    veto = np.zeros(n, dtype=bool)
    veto[holders] = True
    (rng,) = veto_ranges(pos, [[1.0]] * n, [float(q)], veto, [0.0], [100.0])
    assert rng is not None
    assert ((xs[ok] >= rng[0]) & (xs[ok] <= rng[1])).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 100), min_size=3, max_size=5),
    st.integers(0, 100),
    st.integers(0, 100),
)
def test_nearest_passable_point_is_passable_and_nearest_on_a_fine_grid(voters, q, f):
    n = len(voters)
    rule = ternary_rule(Count(n, quota=n // 2 + 1))
    pos = [[float(v)] for v in voters]
    res = check_point([float(f)], pos, [[1.0]] * n, [float(q)], rule, [0.0], [100.0], band=0.0)
    xs = np.arange(0.0, 100.05, 0.1)
    ok = passes_at(xs[:, None], pos, [[1.0]] * n, [float(q)], rule, width=[100.0], band=0.0)
    if res.passes:
        assert res.distance == 0.0
        return
    if not ok.any():
        assert res.nearest is None
        return
    assert res.nearest is not None
    assert passes_at(
        res.nearest[None, :], pos, [[1.0]] * n, [float(q)], rule, width=[100.0], band=0.0
    )[0]
    best = np.abs(xs[ok] - f).min() / 100
    assert res.distance is not None
    assert res.distance <= best + 0.003  # the grid of the search is 0.25 apart, the reference's 0.1


def test_issue_intervals_on_a_two_issue_case():
    # two voters and a unanimity rule; issue 2 is nobody's concern, so no change of it can pass
    rule = ternary_rule(Count(2, quota=2))
    pos = [[60.0, 50.0], [80.0, 50.0]]
    sal = [[1.0, 0.0], [1.0, 0.0]]
    iv = issue_win_intervals(pos, sal, [0.0, 50.0], rule, [0.0, 0.0], [100.0, 100.0], band=0.05)
    # voter at 60 gains (60 - |x - 60|)/100 > 0.05 for 5 < x < 115; voter at 80 for 5 < x < 155
    (a, b), *rest = iv[0]
    assert rest == []
    assert 5.0 < a < 5.5
    assert b == 100.0
    assert iv[1] == []
