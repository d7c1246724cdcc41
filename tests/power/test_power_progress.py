"""``power_indices(progress=…)`` (issue 12.4): long power games report their progress, and it changes no
number."""

from __future__ import annotations

import math
from typing import Any

import pytest

from coalitionist.power import Weighted, power_indices
from coalitionist.power.errors import InvalidPowerOptionError

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


def test_an_exact_game_reports_once_when_done() -> None:
    calls: list[tuple[int, int]] = []
    power_indices(
        Weighted([9, 9, 7, 3, 1, 1], quota=16), progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 1)]


def test_a_progress_that_is_not_callable_is_refused() -> None:
    with pytest.raises(InvalidPowerOptionError, match="progress must be a callable"):
        power_indices(Weighted([1, 1, 1], quota=2), progress=3)  # type: ignore[arg-type]
