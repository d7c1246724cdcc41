"""``power_indices(progress=…)`` (issue 12.4): long power games report their progress, and it changes no
number."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from coalitionist.power import Weighted, power_indices
from coalitionist.power.enumeration import enumerate_stats
from coalitionist.power.errors import InvalidPowerOptionError
from coalitionist.power.grid import grid_stats
from coalitionist.power.halves import halves_stats
from coalitionist.power.johnston import johnston_scores
from coalitionist.power.linear import compile_rule
from coalitionist.power.progress import SCALE, SILENT, Ticker
from coalitionist.power.threshold import threshold_stats
from coalitionist.power.weighted_float import shapley_shubik_float

#: 30 players: exact enumeration is out of reach, so "monte_carlo" is the method a user would choose.
BIG = Weighted([5, 4, 4, 3, 3, 2, 2, 2, 1, 1] * 3, quota=41)


def test_monte_carlo_reports_every_batch_up_to_all_samples() -> None:
    calls: list[tuple[int, int]] = []
    options: dict[str, Any] = {"method": "monte_carlo", "seed": 7, "epsilon": 0.02, "delta": 0.05}
    with_bar = power_indices(BIG, progress=lambda d, t: calls.append((d, t)), **options)
    without = power_indices(BIG, **options)
    assert with_bar.to_dict() == without.to_dict()  # the callback changes no number
    # Hoeffding with a union bound over 5 kinds of estimate (Banzhaf, Shapley–Shubik and the three
    # minimal-coalition indices) for each of the n players: m = ceil(ln(2·5·n/δ) / (2ε²)) samples, drawn
    # once as coalitions (the swings) and once as orders (Shapley–Shubik)
    m = math.ceil(math.log(2 * 5 * BIG.n / 0.05) / (2 * 0.02**2))
    assert with_bar.samples == m
    assert {t for _, t in calls} == {2 * m}
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert done[-1] == 2 * m
    assert len(set(done)) == len(done)


def test_only_shapley_counts_only_orders() -> None:
    calls: list[tuple[int, int]] = []
    r = power_indices(
        BIG,
        method="monte_carlo",
        seed=1,
        epsilon=0.05,
        delta=0.1,
        indices=["shapley_shubik"],
        progress=lambda d, t: calls.append((d, t)),
    )
    assert r.samples is not None
    assert calls[-1] == (r.samples, r.samples)


#: 40 players with weights up to 300: the exact counting table (with Johnston's scores) runs for a while,
#: about a second, and a user would want a bar that moves.
LARGE_EXACT = Weighted([(37 * i * i + 11 * i) % 300 + 1 for i in range(40)], quota=3500)


def _moving(calls: list[tuple[int, int]], at_least: int = 10) -> None:
    """The calls of an exact algorithm: many, on the percentage scale, increasing, from 0 to 100."""
    assert len(calls) >= at_least
    assert {t for _, t in calls} == {SCALE}
    done = [d for d, _ in calls]
    assert done == sorted(set(done))  # strictly increasing
    assert done[0] == 0
    assert done[-1] == SCALE


def test_a_large_exact_game_reports_as_it_goes() -> None:
    calls: list[tuple[int, int]] = []
    with_bar = power_indices(LARGE_EXACT, progress=lambda d, t: calls.append((d, t)))
    assert with_bar.samples is None  # exact, not sampled
    _moving(calls)
    # the algorithm itself reports (most of the calls come before the end of the work)
    assert len([d for d, _ in calls if 0 < d < 95]) > 10
    assert with_bar.to_dict() == power_indices(LARGE_EXACT).to_dict()  # it changes no number


def test_the_eu_council_reports_as_it_goes() -> None:
    # 27 members, double majority of states and population: meet in the middle with Johnston's bands
    from coalitionist.analyses.rule import decision_makers, scenario_rule
    from coalitionist.examples import example_path
    from coalitionist.io import load_scenario

    scenario = load_scenario(example_path("eu-council"))
    rule = scenario_rule(scenario, decision_makers(scenario))
    calls: list[tuple[int, int]] = []
    power_indices(rule, progress=lambda d, t: calls.append((d, t)))
    _moving(calls)


def _ticks(run: Callable[[Ticker], Any]) -> tuple[Any, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    tick = Ticker(lambda d, t: calls.append((d, t)))
    tick.start()
    out = run(tick)
    return out, calls


WEIGHTS = [(7 * i * i + 3 * i) % 23 + 1 for i in range(18)]
QUOTA = sum(WEIGHTS) // 2 + 1


@pytest.mark.parametrize(
    "name",
    ["table", "johnston", "halves", "enumeration", "grid", "float shapley"],
)
def test_every_exact_algorithm_ticks_to_the_end_and_changes_no_number(name: str) -> None:
    thresholds: list[int | None] = [QUOTA] * (len(WEIGHTS) + 1)
    game = compile_rule(Weighted(WEIGHTS, quota=QUOTA))
    runs: dict[str, Callable[..., Any]] = {
        "table": lambda tick: threshold_stats(WEIGHTS, thresholds, tick=tick),
        "johnston": lambda tick: johnston_scores(WEIGHTS, thresholds, exact=True, tick=tick),
        "halves": lambda tick: halves_stats(WEIGHTS, thresholds, tick=tick),
        "enumeration": lambda tick: enumerate_stats(game, tick=tick),
        "grid": lambda tick: grid_stats(game, tick=tick),
        "float shapley": lambda tick: shapley_shubik_float(
            WEIGHTS, QUOTA, [False] * len(WEIGHTS), tick=tick
        ),
    }
    got, calls = _ticks(runs[name])
    _moving(calls, at_least=5)  # the float quadrature has 9 nodes for 18 players
    assert got == runs[name](SILENT)


def test_spans_share_one_scale_and_never_go_back() -> None:
    calls: list[tuple[int, int]] = []
    tick = Ticker(lambda d, t: calls.append((d, t)))
    first, second = tick.span(0.0, 0.25), tick.span(0.25, 1.0)
    second.at(0.5)  # 62 %
    first.at(1.0)  # 25 %: behind what was reported, so not reported
    second.at(2.0)  # clipped to the end of its span
    assert calls == [(62, 100), (100, 100)]
    SILENT.at(0.5)  # no callback: nothing happens


def test_a_progress_that_is_not_callable_is_refused() -> None:
    with pytest.raises(InvalidPowerOptionError, match="progress must be a callable"):
        power_indices(Weighted([1, 1, 1], quota=2), progress=3)  # type: ignore[arg-type]
