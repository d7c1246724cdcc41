"""The compromise baseline and the two-party ratio sort (the closed form of logrolling)."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.trades import pair_supported_frontier
from coalitionist.trades.compromise import compromise_choice, weighted_median
from coalitionist.trades.pairs import select_trade

F = Fraction


def test_weighted_median_hand_worked() -> None:
    assert weighted_median([F(0), F(50), F(100)], [F(5), F(2), F(8)]) == 100  # 8 > 15/2
    assert weighted_median([F(0), F(50), F(100)], [F(5), F(3), F(8)]) == 75  # exactly half at 50
    assert weighted_median([F(3)], [F(0)]) is None
    assert weighted_median([F(1), F(2)], [F(0), F(1)]) == 2
    assert weighted_median([F(0), F(0), F(0), F(1)], [F(1)] * 4) == 0  # equal values pool weight


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 5)), min_size=1, max_size=8).filter(
        lambda xs: any(w > 0 for _, w in xs)
    )
)
def test_weighted_median_minimises_weighted_absolute_deviation(
    pairs: list[tuple[int, int]],
) -> None:
    values = [F(v) for v, _ in pairs]
    weights = [F(w) for _, w in pairs]
    m = weighted_median(values, weights)
    assert m is not None

    def cost(x: Fraction) -> Fraction:
        return sum((w * abs(v - x) for v, w in zip(values, weights, strict=True)), F(0))

    candidates = [F(x, 2) for x in range(41)]
    assert cost(m) == min(cost(x) for x in candidates)


def test_compromise_snaps_to_the_nearest_option() -> None:
    options = [[F(0), F(40), F(100)], [F(0), F(10)], [F(0), F(10)]]
    positions = [[F(0), F(0), None], [F(100), F(10), None]]
    weights = [[F(1), F(1), F(0)], [F(1), F(1), F(0)]]
    # issue 0: median 50 -> nearest option 40; issue 1: median 5, options 0 and 10 are equally near,
    # the status quo (10) breaks the tie; issue 2: nobody cares -> status quo 0
    assert compromise_choice(options, positions, weights, [F(0), F(10), F(0)]) == (1, 1, 0)


def _closed_form(wa: list[Fraction], wb: list[Fraction]) -> list[tuple[Fraction, Fraction]]:
    """Raiffa's rule: A starts with every issue; hand B the issues in increasing order of w_A / w_B."""
    order = sorted(range(len(wa)), key=lambda k: wa[k] / wb[k])
    points = [(sum(wa, F(0)), F(0))]
    a, b = points[0]
    for k in order:
        a, b = a - wa[k], b + wb[k]
        points.append((a, b))
    return points


weights = st.lists(st.integers(1, 9), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(weights, weights)
def test_two_party_frontier_is_the_ratio_sort(wa_int: list[int], wb_int: list[int]) -> None:
    """Each issue: option 0 = A's side (A gets w_A, B nothing), option 1 = B's side."""
    k = min(len(wa_int), len(wb_int))
    wa = [F(x, sum(wa_int[:k])) for x in wa_int[:k]]
    wb = [F(x, sum(wb_int[:k])) for x in wb_int[:k]]
    fr = pair_supported_frontier([[w, F(0)] for w in wa], [[F(0), w] for w in wb])
    assert list(zip(fr.a, fr.b, strict=True)) == _closed_form(wa, wb)
    assert list(fr.rates[1:]) == sorted(wa[j] / wb[j] for j in range(k))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=4),
        min_size=1,
        max_size=3,
    )
)
def test_two_party_frontier_against_brute_force(slots: list[list[tuple[int, int]]]) -> None:
    """Every consecutive pair of points spans a supporting line of all packages (so every point is on
    the convex hull), the ends are each side's lexicographic best, and every point is a package."""
    a_slots = [[F(a) for a, _ in s] for s in slots]
    b_slots = [[F(b) for _, b in s] for s in slots]
    fr = pair_supported_frontier(a_slots, b_slots)
    packages = {
        c: (
            sum((a_slots[s][o] for s, o in enumerate(c)), F(0)),
            sum((b_slots[s][o] for s, o in enumerate(c)), F(0)),
        )
        for c in itertools.product(*[range(len(s)) for s in slots])
    }
    for c, a, b in zip(fr.choices, fr.a, fr.b, strict=True):
        assert packages[c] == (a, b)
    assert (fr.a[0], fr.b[0]) == max(packages.values())
    assert (fr.b[-1], fr.a[-1]) == max((b, a) for a, b in packages.values())
    for p in range(1, len(fr.choices)):
        na, nb = fr.b[p] - fr.b[p - 1], fr.a[p - 1] - fr.a[p]  # normal of the segment
        assert na > 0
        assert nb >= 0
        top = max(na * a + nb * b for a, b in packages.values())
        assert na * fr.a[p] + nb * fr.b[p] == top
        assert na * fr.a[p - 1] + nb * fr.b[p - 1] == top
    assert list(fr.rates[1:]) == sorted(fr.rates[1:])


def test_select_trade_rule() -> None:
    pts = [(F(3), F(0)), (F(2), F(2)), (F(3), F(1)), (F(1), F(4))]
    # gains (1, 2) and (2, 1) tie on joint gain 3 and on the smaller gain 1: the earlier point wins;
    # (1, 4) gains nothing for the first party
    assert select_trade(pts, (F(1), F(0))) == 1
    assert select_trade(pts, (F(1), F(0)), lambda p: p != 1) == 2
    assert select_trade(pts, (F(0), F(0))) == 3  # joint gain 5
    assert select_trade(pts, (F(5), F(5))) is None
