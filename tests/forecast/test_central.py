"""Tests of the weighted mean / median forecasts and the Condorcet winner."""

from __future__ import annotations

from typing import Any

import ec_emissions
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.errors import AnalysisError, InvalidInputError
from coalitionist.forecast.central import (
    ForecastInputError,
    UndefinedForecastError,
    check_inputs,
    condorcet_winner,
    mean,
    median,
    weighted_mean,
    weighted_median,
    weighted_median_interval,
)

# The EC emission-standards example (Bueno de Mesquita 1994; Scholz et al. 2011, Table 1).
EC_NAMES = ec_emissions.NAMES
EC_C = ec_emissions.CAPABILITY
EC_X = ec_emissions.POSITIONS
EC_S = ec_emissions.SALIENCE


def test_ec_weighted_mean_is_7_390() -> None:
    # Hand check: Σ c·s·x = 5.003 and Σ c·s = 0.677, so the mean is 5.003 / 0.677 = 7.38996 (the issue's 7.390)
    res = mean(EC_C, EC_X, EC_S, actors=EC_NAMES, dimensions=["years"], scale=(0, 10))
    assert res.forecast[0] == pytest.approx(5.003 / 0.677, abs=1e-12)
    assert round(float(res.forecast[0]), 3) == 7.390
    assert res.details["total_weight"]["years"] == pytest.approx(0.677)
    assert res.turns == 0
    assert res.model == "mean"


def test_ec_weighted_median_is_7() -> None:
    # Weight at 4: 0.248, at 7: 0.093, at 10: 0.336 (total 0.677); 0.248 < 0.3385 ≤ 0.341, so 7 is the median
    res = median(EC_C, EC_X, EC_S, actors=EC_NAMES, dimensions=["years"], scale=(0, 10))
    assert res.forecast[0] == 7.0
    dim = res.details["per_dimension"]["years"]
    assert dim["median_interval"] == [7.0, 7.0]
    assert dim["condorcet"]["exists"] is True
    assert dim["condorcet"]["position"] == 7.0
    assert dim["condorcet"]["equals_median"] is True
    assert dim["condorcet"]["actors"] == ["Belgium", "Ireland", "Greece"]


def test_weighted_median_tie_reports_interval() -> None:
    # Two blocs of exactly half the weight each: every point between them is a median
    assert weighted_median_interval([1, 5, 9], [2, 0, 2]) == (1.0, 9.0)
    res = median([1, 1], [[20], [60]], [[1], [1]])
    dim = res.details["per_dimension"]["dim1"]
    assert res.forecast[0] == 20.0
    assert dim["median_interval"] == [20.0, 60.0]
    # and no position beats the other, so there is no strict Condorcet winner
    assert dim["condorcet"]["exists"] is False


@st.composite
def integer_profiles(draw: st.DrawFn, max_n: int = 8) -> tuple[Any, Any]:
    n = draw(st.integers(1, max_n))
    x = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    w = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    if sum(w) == 0:
        w[0] = 1
    return np.array(x, dtype=float), np.array(w, dtype=float)


@settings(max_examples=150, deadline=None)
@given(integer_profiles())
def test_weighted_median_interval_matches_brute_force(profile: tuple[Any, Any]) -> None:
    x, w = profile
    # brute force: minimisers of Σ w |x − y| over the positions held with positive weight
    cands = sorted(set(x[w > 0]))
    cost = {y: float(np.sum(w * np.abs(x - y))) for y in cands}
    best = min(cost.values())
    minimisers = [y for y in cands if cost[y] == best]
    assert weighted_median_interval(x, w) == (min(minimisers), max(minimisers))
    assert weighted_median(x, w) == min(minimisers)


def _brute_condorcet(x: Any, w: Any, s: Any = None, width: Any = None) -> list[tuple[float, ...]]:
    """All-pairs check: the positions (held with positive weight) that beat every other one."""
    x = x if x.ndim == 2 else x[:, None]
    n, d = x.shape
    s = np.ones((n, d)) if s is None or d == 1 else s
    width = np.ones(d) if width is None else width
    cands = {tuple(x[i]) for i in range(n) if w[i] > 0}

    def dist(k: int, y: tuple[float, ...]) -> float:
        return sum(s[k, j] * ((y[j] - x[k, j]) / width[j]) ** 2 for j in range(d))

    winners = []
    for a in cands:
        wins = True
        for b in cands:
            if a == b:
                continue
            for_a = sum(w[k] for k in range(n) if w[k] > 0 and dist(k, a) < dist(k, b))
            for_b = sum(w[k] for k in range(n) if w[k] > 0 and dist(k, b) < dist(k, a))
            if not for_a > for_b:
                wins = False
                break
        if wins:
            winners.append(a)
    return winners


@settings(max_examples=150, deadline=None)
@given(integer_profiles())
def test_condorcet_winner_1d_matches_brute_force_and_median(profile: tuple[Any, Any]) -> None:
    x, w = profile
    winners = _brute_condorcet(x, w)
    got = condorcet_winner(x, w)
    if not winners:
        assert got is None
    else:
        assert len(winners) == 1
        assert got is not None
        assert x[got] == winners[0][0]
        assert w[got] > 0
    # Black's theorem: a strict winner exists exactly when the weighted median is unique, and equals it
    lo, hi = weighted_median_interval(x, w)
    assert (got is not None) == (lo == hi)
    if got is not None:
        assert x[got] == lo


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 7).flatmap(
        lambda n: st.tuples(
            st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=n, max_size=n),
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
            st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=n, max_size=n),
        )
    )
)
def test_condorcet_winner_2d_matches_brute_force(data: Any) -> None:
    pts, wts, sal = data
    x = np.array(pts, dtype=float)
    w = np.array(wts, dtype=float)
    s = np.array(sal, dtype=float) / 3
    width = np.array([6.0, 3.0])
    winners = _brute_condorcet(x, w, s, width)
    got = condorcet_winner(x, w, s, width=width)
    if not winners:
        assert got is None
    else:
        assert got is not None
        assert tuple(x[got]) == winners[0]
        assert w[got] > 0


def test_multidimensional_condorcet_absent_in_a_majority_cycle() -> None:
    # a = (4, 9) cares only about issue 1, b = (6, 0) and c = (8, 8) only about issue 2 (c half as much).
    # Vote weights c·mean(s): a 0.5, b 0.5, c 0.25. Preferences by salience-weighted distance:
    # a: a > b > c (|Δx1| 0, 2, 4); b: b > c > a (|Δx2| 0, 8, 9); c: c > a > b (|Δx2| 0, 1, 8).
    # a beats b (a, c: 0.75 vs 0.5), b beats c (a, b: 1.0 vs 0.25), c beats a (b, c: 0.75 vs 0.5): a cycle.
    x = np.array([[4.0, 9.0], [6.0, 0.0], [8.0, 8.0]])
    s = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.5]])
    res = median([1, 1, 1], x, s, actors=["a", "b", "c"], scale=(0, 10))
    multi = res.details["multidimensional"]["condorcet"]
    assert multi["exists"] is False
    assert multi["position"] is None
    # per issue the medians still exist: issue 1 only a votes (4), issue 2 b (1.0) and c (0.5) → 0
    assert res.forecast.tolist() == [4.0, 0.0]
    assert _brute_condorcet(x, np.array([0.5, 0.5, 0.25]), s, np.array([10.0, 10.0])) == []


def test_multidimensional_condorcet_found_and_compared_with_median() -> None:
    # a compact majority bloc at (5, 5) beats every other position
    x = np.array([[5.0, 5.0], [5.0, 5.0], [0.0, 10.0], [10.0, 0.0]])
    s = np.full((4, 2), 0.5)
    res = median([1, 1, 1, 1], x, s, actors=["a", "b", "c", "d"], scale=(0, 10))
    multi = res.details["multidimensional"]["condorcet"]
    assert multi == {
        "exists": True,
        "position": [5.0, 5.0],
        "actors": ["a", "b"],
        "equals_median": True,
    }


def test_zero_salience_actor_never_pulls_mean_or_median() -> None:
    base_c, base_x, base_s = EC_C, EC_X, EC_S
    for pos in (0.0, 2.5, 10.0):
        c = np.append(base_c, 5.0)
        x = np.vstack([base_x, [[pos]]])
        s = np.vstack([base_s, [[0.0]]])
        for model in (mean, median):
            assert model(c, x, s, scale=(0, 10)).forecast[0] == pytest.approx(
                model(base_c, base_x, base_s, scale=(0, 10)).forecast[0], abs=1e-12
            )


def test_unanimous_group_forecasts_its_position() -> None:
    x = np.tile([[30.0, 70.0]], (4, 1))
    s = np.array([[0.2, 0.9], [1.0, 0.1], [0.5, 0.5], [0.3, 0.3]])
    for model in (mean, median):
        assert model([1, 2, 3, 4], x, s).forecast.tolist() == [30.0, 70.0]


def test_weighted_mean_columns_and_empty_column() -> None:
    x = np.array([[0.0, 10.0], [10.0, 20.0]])
    w = np.array([[1.0, 0.0], [3.0, 0.0]])
    out = weighted_mean(x, w)
    assert out[0] == 7.5
    assert np.isnan(out[1])


def test_no_weight_on_an_issue_is_an_analysis_error() -> None:
    with pytest.raises(UndefinedForecastError, match="dim2") as err:
        mean([1, 1], [[0, 0], [1, 1]], [[1, 0], [1, 0]])
    assert isinstance(err.value, AnalysisError)
    with pytest.raises(UndefinedForecastError):
        median([0, 0], [[0], [1]], [[1], [1]])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capability": [-1, 1]}, "capability"),
        ({"salience": [[1.5], [0.5]]}, "salience"),
        ({"positions": [[150.0], [5.0]]}, "outside its scale"),
        ({"positions": [[np.nan], [5.0]]}, "finite"),
        ({"positions": [[1.0, 2.0], [5.0, 5.0]]}, "salience must have the shape"),
        ({"actors": ["a", "a"]}, "unique"),
        ({"actors": ["a"]}, "2 names"),
        ({"scale": (10, 0)}, "low < high"),
        ({"scale": [[0, 100], [0, 100]]}, "scale must be"),
    ],
)
def test_bad_inputs_are_invalid_input_errors(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "capability": [1, 1],
        "positions": [[10.0], [20.0]],
        "salience": [[1.0], [0.5]],
    }
    args.update(kwargs)
    c, x, s = args.pop("capability"), args.pop("positions"), args.pop("salience")
    with pytest.raises(ForecastInputError, match=message) as err:
        check_inputs(c, x, s, **args)
    assert isinstance(err.value, InvalidInputError)
    assert err.value.exit_code == 2


def test_scale_per_dimension_and_names() -> None:
    inp = check_inputs([1, 2], [[5, 500], [6, 600]], [[1, 1], [1, 1]], scale=[[0, 10], [0, 1000]])
    assert inp.low.tolist() == [0, 0]
    assert inp.high.tolist() == [10, 1000]
    assert inp.actors == ("actor1", "actor2")
    assert inp.dimensions == ("dim1", "dim2")


def test_unknown_option_is_rejected() -> None:
    with pytest.raises(ForecastInputError, match="no options"):
        mean([1], [[1]], [[1]], rounds=3)


def test_median_per_dimension_and_to_dict_is_plain() -> None:
    import json

    x = np.array([[0, 100], [40, 0], [100, 60]], dtype=float)
    s = np.array([[1, 1], [1, 0.2], [1, 1]])
    res = median([1, 1, 1], x, s, actors=["a", "b", "c"], dimensions=["p", "q"])
    # p: equal weights at 0, 40, 100 → 40; q: weights 1 at 100, 0.2 at 0, 1 at 60 → cumulative from
    # 0: 0.2, 1.2 (at 60) ≥ 1.1 → 60
    assert res.forecast.tolist() == [40.0, 60.0]
    d = res.to_dict()
    json.dumps(d)
    assert d["forecast"] == {"p": 40.0, "q": 60.0}
    assert d["turns"] == 0
    assert len(d["history"]) == 1


def test_condorcet_pairwise_count_of_contests_is_all_pairs() -> None:
    # Sanity of the brute force itself on a case with a known winner (the middle of three)
    x = np.array([0.0, 5.0, 9.0])
    w = np.array([1.0, 1.0, 1.0])
    assert _brute_condorcet(x, w) == [(5.0,)]
    assert condorcet_winner(x, w) == 1
