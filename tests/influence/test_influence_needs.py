"""Weighted-median forecast and the need for influence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.influence.errors import InfluenceInputError
from coalitionist.influence.needs import median_forecast, need_for_influence, weighted_median


def loss(x: float, v: np.ndarray, w: np.ndarray) -> float:
    return float(np.sum(w * np.abs(x - v)))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-50, 50).map(float), st.integers(0, 9).map(float)),
        min_size=1,
        max_size=12,
    ).filter(lambda xs: sum(w for _, w in xs) > 0)
)
def test_weighted_median_minimises_the_weighted_distance(pairs: list[tuple[float, float]]) -> None:
    v = np.array([p[0] for p in pairs])
    w = np.array([p[1] for p in pairs])
    m = weighted_median(v, w)
    # the minimum of a piecewise-linear convex function is reached at a data point
    best = min(loss(x, v, w) for x in v)
    assert loss(m, v, w) == pytest.approx(best, abs=1e-9)


def test_weighted_median_by_hand() -> None:
    assert weighted_median([0, 10, 20], [1, 1, 3]) == 20.0
    assert weighted_median([0, 10], [1, 1]) == 5.0
    assert weighted_median([5, 0, 10], [0, 1, 2]) == 10.0  # zero weights ignored


@pytest.mark.parametrize(
    ("v", "w"), [([1, 2], [0, 0]), ([1, 2], [1]), ([1, 2], [-1, 3]), ([1, np.inf], [1, 1])]
)
def test_weighted_median_rejects_bad_input(v: list[float], w: list[float]) -> None:
    with pytest.raises(InfluenceInputError):
        weighted_median(v, w)


def test_forecast_weighs_capability_times_salience_and_keeps_unweighted_issues_at_status_quo() -> (
    None
):
    cap = np.array([10.0, 1.0, 1.0])
    x = np.array([[0.0, 5.0], [100.0, 6.0], [100.0, 7.0]])
    s = np.array([[0.5, 0.0], [1.0, 0.0], [1.0, 0.0]])
    stated = np.ones((3, 2), dtype=bool)
    f = median_forecast(cap, x, s, stated, [0.0, 3.0])
    # issue 0: weights 5, 1, 1 → the heavy actor's 0; issue 1: nobody weighs → status quo 3
    assert f.tolist() == [0.0, 3.0]


def test_unstated_positions_do_not_count() -> None:
    cap = np.array([1.0, 100.0])
    x = np.array([[10.0], [90.0]])
    s = np.array([[1.0], [1.0]])
    stated = np.array([[True], [False]])
    assert median_forecast(cap, x, s, stated, [0.0]).tolist() == [10.0]


def test_need_by_hand() -> None:
    x = np.array([[100.0, 30.0], [40.0, 90.0], [0.0, 0.0]])
    s = np.array([[0.9, 0.1], [0.5, 0.5], [0.0, 0.0]])
    stated = np.array([[True, True], [True, True], [False, False]])
    need, dist, loses = need_for_influence(x, s, stated, [30.0, 90.0], [0.0, 0.0], [100.0, 100.0])
    # actor 0: 0.7 of the scale away on issue 0 (salience 0.9), 0.6 on issue 1 (0.1) → 0.63 + 0.06
    assert need[0] == pytest.approx(0.69)
    assert loses[0].tolist() == [True, True]
    # actor 1: 0.1 away on issue 0 is within the default tolerance → not losing
    assert loses[1].tolist() == [False, False]
    assert need[1] == 0
    assert need[2] == 0
    assert dist[2].tolist() == [0.0, 0.0]
    with pytest.raises(InfluenceInputError):
        need_for_influence(x, s, stated, [30.0, 90.0], [0.0, 0.0], [100.0, 100.0], tolerance=1.0)
