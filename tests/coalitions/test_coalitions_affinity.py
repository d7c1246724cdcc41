"""The six bases of affinity: hand-worked cases, ranges, and loop references."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.coalitions.affinity import (
    AffinityInputs,
    combined_affinity,
    common_allies_enemies,
    common_history,
    deal_sides,
    shared_interests,
    shared_positions,
    shared_vulnerability,
    valuable_trades,
)
from coalitionist.coalitions.errors import CoalitionInputError


def inputs(
    x: Any,
    s: Any,
    stated: Any = None,
    sq: Any = None,
    lo: Any = None,
    hi: Any = None,
) -> AffinityInputs:
    x = np.asarray(x, dtype=float)
    k = x.shape[1]
    return AffinityInputs.of(
        x,
        s,
        np.ones_like(x, dtype=bool) if stated is None else stated,
        [0.0] * k if lo is None else lo,
        [100.0] * k if hi is None else hi,
        [0.0] * k if sq is None else sq,
    )


def test_shared_interests_by_hand() -> None:
    # issue 0: same position (both care fully); issue 1: opposite ends (both care 0.25)
    inp = inputs([[50, 0], [50, 100]], [[1.0, 0.25], [1.0, 0.25]])
    si = shared_interests(inp)
    assert si[0, 1] == pytest.approx((1.0 * 1 + 0.25 * -1) / 1.25)
    assert si[0, 0] == 0.0


def test_shared_interests_ignores_issues_not_both_stated() -> None:
    inp = inputs(
        [[0, 0], [100, 0]], [[1, 1], [1, 1]], stated=np.array([[True, True], [False, True]])
    )
    assert shared_interests(inp)[0, 1] == pytest.approx(1.0)  # only issue 1 counts
    none = inputs(
        [[0, 0], [0, 0]], [[1, 0], [0, 1]], stated=np.array([[True, False], [False, True]])
    )
    assert shared_interests(none)[0, 1] == 0.0


def test_shared_positions_sides_of_the_status_quo_and_no_deal() -> None:
    # status quo 50: a and b above, c below, d at the status quo ("no change")
    inp = inputs([[80], [65], [20], [50]], [[1], [1], [1], [1]], sq=[50])
    side_only = shared_positions(inp, forecast=[50])  # forecast = status quo: nobody prefers a deal
    assert side_only[0, 1] == 1.0
    assert side_only[0, 2] == -1.0
    assert side_only[0, 3] == -1.0
    # forecast at 75: a, b are nearer to it; c and d nearer to the status quo (no deal)
    assert deal_sides(inp, [75]).tolist() == [1, 1, -1, -1]
    assert deal_sides(inp, [55]).tolist() == [1, 1, -1, -1]
    assert deal_sides(inp, [80])[1] == 0  # b at 65: 15 from both
    sp_ = shared_positions(inp, forecast=[75])
    assert sp_[0, 1] == 1.0
    assert sp_[2, 3] == pytest.approx(
        (-1 + 1) / 2
    )  # opposite sides of the status quo, both prefer no deal
    assert sp_[0, 2] == -1.0


def test_valuable_trades_by_hand() -> None:
    # a cares only about issue 0, b only about issue 1, and they disagree fully on both
    inp = inputs([[0, 0], [100, 100]], [[1, 0], [0, 1]])
    assert valuable_trades(inp)[0, 1] == pytest.approx(1.0)
    # same priorities: nothing to trade
    same = inputs([[0, 0], [100, 100]], [[0.5, 0.5], [0.5, 0.5]])
    assert valuable_trades(same)[0, 1] == 0.0
    # one issue: nothing to trade
    one = inputs([[0], [100]], [[1], [0.2]])
    assert valuable_trades(one)[0, 1] == 0.0
    # partial: priorities 0.75/0.25 vs 0.25/0.75, half the scale apart on each → min(0.5·0.5, 0.5·0.5)
    half = inputs([[0, 0], [50, 50]], [[0.75, 0.25], [0.25, 0.75]])
    assert valuable_trades(half)[0, 1] == pytest.approx(0.25)


def test_common_history_is_symmetrised_and_clipped() -> None:
    h = np.array([[0, 0.6, -2.0], [0.6, 0, 0], [-2.0, 0, 0]])
    out = common_history(sp.csr_matrix(h))
    assert out[0, 1] == pytest.approx(0.6)
    assert out[0, 2] == -1.0


def test_common_allies_and_enemies_by_hand() -> None:
    s = np.zeros((4, 4))
    s[0, 2] = s[2, 0] = 1.0  # 0 and 1 share a friend (2)
    s[1, 2] = s[2, 1] = 1.0
    s[0, 3] = s[3, 0] = -1.0  # 3 is 0's enemy and 1's… nothing
    out = common_allies_enemies(sp.csr_matrix(s))
    assert out[0, 1] == pytest.approx(1.0)
    assert out[2, 3] == pytest.approx(-1.0)  # 2 is friendly with 0, 3 hostile to 0: unbalanced
    weak = np.zeros((3, 3))
    weak[0, 2] = weak[2, 0] = weak[1, 2] = weak[2, 1] = 0.3
    assert common_allies_enemies(weak)[0, 1] == pytest.approx(0.09)
    enemies = -weak
    assert common_allies_enemies(enemies)[0, 1] == pytest.approx(0.09)  # a common enemy also unites


def test_shared_vulnerability_and_errors() -> None:
    v = shared_vulnerability([0.25, 1.0, 0.0])
    assert v[0, 1] == pytest.approx(0.5)
    assert v[0, 2] == 0.0
    assert v[1, 1] == 0.0
    with pytest.raises(CoalitionInputError):
        shared_vulnerability([1.5])


def test_combined_affinity_is_the_weighted_mean() -> None:
    a = np.full((2, 2), 1.0)
    b = np.full((2, 2), -1.0)
    assert combined_affinity({"shared_interests": a, "common_history": b})[0, 1] == 0.0
    assert combined_affinity(
        {"shared_interests": a, "common_history": b}, {"shared_interests": 3, "common_history": 1}
    )[0, 1] == pytest.approx(0.5)
    with pytest.raises(CoalitionInputError):
        combined_affinity({"shared_interests": a}, {"nope": 1.0})
    with pytest.raises(CoalitionInputError):
        combined_affinity({"shared_interests": a}, {"shared_interests": 0.0})


@pytest.mark.parametrize(
    "bad",
    [
        {"s": [[1.5]]},
        {"lo": [10.0], "hi": [10.0]},
        {"x": [[np.nan]]},
    ],
)
def test_bad_inputs_are_rejected(bad: dict[str, Any]) -> None:
    x = bad.get("x", [[1.0]])
    with pytest.raises(CoalitionInputError):
        AffinityInputs.of(
            x, bad.get("s", [[0.5]]), [[True]], bad.get("lo", [0.0]), bad.get("hi", [100.0]), [0.0]
        )


@st.composite
def issue_data(draw: st.DrawFn) -> AffinityInputs:
    n = draw(st.integers(1, 6))
    k = draw(st.integers(0, 3))
    x = np.array(draw(st.lists(st.integers(0, 100), min_size=n * k, max_size=n * k)), dtype=float)
    s = np.array(draw(st.lists(st.floats(0, 1), min_size=n * k, max_size=n * k)))
    st_ = np.array(draw(st.lists(st.booleans(), min_size=n * k, max_size=n * k)), dtype=bool)
    sq = np.array(draw(st.lists(st.integers(0, 100), min_size=k, max_size=k)), dtype=float)
    return AffinityInputs.of(
        x.reshape(n, k), s.reshape(n, k), st_.reshape(n, k), np.zeros(k), np.full(k, 100.0), sq
    )


def loop_interests(inp: AffinityInputs, i: int, j: int) -> float:
    num = den = 0.0
    for k in range(inp.positions.shape[1]):
        if inp.stated[i, k] and inp.stated[j, k]:
            w = (inp.salience[i, k] * inp.salience[j, k]) ** 0.5
            d = abs(inp.positions[i, k] - inp.positions[j, k]) / 100.0
            num += w * (1 - 2 * d)
            den += w
    return num / den if den > 0 else 0.0


def loop_trades(inp: AffinityInputs, i: int, j: int) -> float:
    si, sj = inp.salience[i], inp.salience[j]
    if si.sum() == 0 or sj.sum() == 0:
        return 0.0
    gi = gj = 0.0
    for k in range(len(si)):
        d = si[k] / si.sum() - sj[k] / sj.sum()
        if inp.stated[i, k] and inp.stated[j, k]:
            g = abs(inp.positions[i, k] - inp.positions[j, k]) / 100.0
        elif inp.stated[i, k] or inp.stated[j, k]:
            g = 1.0
        else:
            g = 0.0
        gi += max(d, 0) * g
        gj += max(-d, 0) * g
    return min(gi, gj)


@settings(max_examples=100, deadline=None)
@given(issue_data())
def test_bases_are_symmetric_bounded_and_match_loop_references(inp: AffinityInputs) -> None:
    f = inp.status_quo.copy()
    for name, m, lo in (
        ("interests", shared_interests(inp), -1.0),
        ("positions", shared_positions(inp, f), -1.0),
        ("trades", valuable_trades(inp), 0.0),
    ):
        np.testing.assert_allclose(m, m.T, atol=1e-12, err_msg=name)
        assert np.all(np.diag(m) == 0), name
        assert m.min() >= lo - 1e-12, name
        assert m.max() <= 1 + 1e-12, name
    si, vt = shared_interests(inp), valuable_trades(inp)
    for i in range(inp.n):
        for j in range(inp.n):
            if i != j:
                assert si[i, j] == pytest.approx(loop_interests(inp, i, j), abs=1e-9)
                assert vt[i, j] == pytest.approx(loop_trades(inp, i, j), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 7).flatmap(lambda n: st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n))
)
def test_balance_is_bounded_and_matches_a_loop(cells: list[float]) -> None:
    n = round(len(cells) ** 0.5)
    s = np.array(cells).reshape(n, n)
    s = (s + s.T) / 2
    np.fill_diagonal(s, 0)
    out = common_allies_enemies(s)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            p = sum(s[i, k] * s[j, k] for k in range(n) if k not in (i, j))
            q = sum(abs(s[i, k] * s[j, k]) for k in range(n) if k not in (i, j))
            assert out[i, j] == pytest.approx(p / max(1.0, q), abs=1e-12)
    assert np.abs(out).max() <= 1 + 1e-12
