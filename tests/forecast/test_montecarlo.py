"""Tests of the Monte Carlo forecast driver."""

from __future__ import annotations

import functools
import importlib
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.errors import InvalidInputError
from coalitionist.forecast.bdm import bdm
from coalitionist.forecast.central import mean, median
from coalitionist.forecast.montecarlo import (
    MonteCarloResult,
    NoSuccessfulSampleError,
    monte_carlo,
    rank_columns,
    spearman_matrix,
)

# Loaded by name: scipy ships no type stubs in this environment. It is the independent reference here.
scipy_stats = importlib.import_module("scipy.stats")


def gulf_like_sampler(rng: np.random.Generator) -> tuple[Any, Any, Any]:
    """Five actors on one issue (0-100) with uncertain positions and saliences."""
    c = np.array([100.0, 60.0, 40.0, 30.0, 50.0]) * rng.uniform(0.8, 1.2, 5)
    x = np.array([95.0, 90.0, 60.0, 20.0, 5.0]) + rng.normal(0, 4, 5)
    s = rng.uniform([0.8, 0.6, 0.4, 0.3, 0.7], [1.0, 0.9, 0.8, 0.6, 1.0])
    return c, np.clip(x, 0, 100)[:, None], s[:, None]


def one_uncertain_position(rng: np.random.Generator) -> tuple[Any, Any, Any]:
    """Two equally weighted actors; the first one's position is uniform on [0, 100]."""
    return [1.0, 1.0], [[rng.uniform(0, 100)], [50.0]], [[1.0], [1.0]]


def sometimes_empty(rng: np.random.Generator) -> tuple[Any, Any, Any]:
    """Both saliences zero half of the time (the model cannot forecast those draws)."""
    s = 0.0 if rng.uniform() < 0.5 else 1.0
    return [1.0, 1.0], [[10.0], [30.0]], [[s], [s]]


BDM3 = functools.partial(bdm, max_rounds=3)


def _summary(res: MonteCarloResult) -> tuple[Any, ...]:
    return res.forecasts.tolist(), res.median.tolist(), res.q10.tolist(), res.q90.tolist()


def test_same_numbers_serial_threads_processes_and_any_chunking() -> None:
    serial = monte_carlo(BDM3, gulf_like_sampler, 40, seed=7, chunk_size=6, executor="serial")
    with ThreadPoolExecutor(max_workers=3) as pool:
        threads = monte_carlo(BDM3, gulf_like_sampler, 40, seed=7, executor=pool, chunk_size=5)
    with ProcessPoolExecutor(max_workers=2) as pool:
        procs = monte_carlo(BDM3, gulf_like_sampler, 40, seed=7, executor=pool, chunk_size=9)
    one_chunk = monte_carlo(BDM3, gulf_like_sampler, 40, seed=7, chunk_size=1000)
    auto = monte_carlo(BDM3, gulf_like_sampler, 40, seed=7, chunk_size=7)  # default: "auto"
    assert _summary(serial) == _summary(threads) == _summary(procs) == _summary(one_chunk)
    assert _summary(auto) == _summary(serial)
    np.testing.assert_array_equal(serial.spearman, procs.spearman)
    assert serial.model == "bdm"
    # a different seed gives different draws
    other = monte_carlo(BDM3, gulf_like_sampler, 40, seed=8, chunk_size=6)
    assert _summary(other) != _summary(serial)


def test_processes_shortcut_matches_serial() -> None:
    a = monte_carlo(mean, gulf_like_sampler, 30, seed=1, executor="processes", chunk_size=7)
    b = monte_carlo(mean, gulf_like_sampler, 30, seed=1)
    assert _summary(a) == _summary(b)


def test_sample_i_uses_the_ith_spawned_seed() -> None:
    # The documented seeding contract, checked against an independent re-draw: sample i draws from
    # default_rng(SeedSequence(seed).spawn(n)[i]); the mean of (u, 50) with equal weights is (u + 50) / 2.
    n = 50
    res = monte_carlo(mean, one_uncertain_position, n, seed=123, chunk_size=8)
    children = np.random.SeedSequence(123).spawn(n)
    u = np.array([np.random.default_rng(ch).uniform(0, 100) for ch in children])
    expected = (u + 50.0) / 2.0
    np.testing.assert_allclose(res.forecasts[:, 0], expected, rtol=0, atol=1e-12)
    assert res.median[0] == pytest.approx(np.median(expected), abs=1e-12)
    assert res.q10[0] == pytest.approx(np.quantile(expected, 0.1), abs=1e-12)
    assert res.q90[0] == pytest.approx(np.quantile(expected, 0.9), abs=1e-12)
    assert res.seed_entropy == 123


def test_sensitivity_ranks_the_input_that_drives_the_forecast() -> None:
    res = monte_carlo(mean, one_uncertain_position, 200, seed=3)
    top = res.sensitivity("dim1")
    # the forecast is an increasing function of the one varying input: ρ = 1, and it is the only input
    # with a defined correlation
    assert top == [{"input": "position[actor1][dim1]", "spearman": pytest.approx(1.0)}]
    d = res.to_dict()
    assert d["sensitivity"]["dim1"][0]["input"] == "position[actor1][dim1]"
    assert set(d["forecast"]["dim1"]) == {"median", "q10", "q90"}
    assert d["n_samples"] == 200
    assert d["failed"] == 0


def test_sensitivity_names_actors_and_dimensions() -> None:
    res = monte_carlo(
        median,
        gulf_like_sampler,
        60,
        seed=2,
        actors=["usa", "uk", "saudi", "jordan", "iraq"],
        dimensions=["force"],
    )
    assert res.actors == ("usa", "uk", "saudi", "jordan", "iraq")
    assert len(res.inputs) == 5 * 3
    assert "salience[iraq][force]" in res.inputs
    ranked = res.sensitivity("force", top=None)
    rhos = [abs(r["spearman"]) for r in ranked]
    assert rhos == sorted(rhos, reverse=True)


def test_progress_reports_every_chunk() -> None:
    calls: list[tuple[int, int]] = []
    monte_carlo(
        mean,
        one_uncertain_position,
        25,
        seed=0,
        chunk_size=10,
        executor="serial",  # in order; on a pool the chunks may finish in any order (checked below)
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(10, 25), (20, 25), (25, 25)]
    calls.clear()
    with ThreadPoolExecutor(max_workers=2) as pool:
        monte_carlo(
            mean,
            one_uncertain_position,
            25,
            seed=0,
            chunk_size=10,
            executor=pool,
            progress=lambda d, t: calls.append((d, t)),
        )
    assert [t for _, t in calls] == [25, 25, 25]
    assert calls[-1][0] == 25
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_failed_samples_are_counted_and_excluded() -> None:
    res = monte_carlo(mean, sometimes_empty, 40, seed=4)
    assert 0 < res.failed < 40
    assert res.forecasts.shape == (40 - res.failed, 1)
    assert np.all(res.forecasts == 20.0)

    def never(rng: np.random.Generator) -> tuple[Any, Any, Any]:
        return [1.0], [[10.0]], [[0.0]]

    with pytest.raises(NoSuccessfulSampleError):
        monte_carlo(mean, never, 5, seed=1)


@pytest.mark.parametrize("kwargs", [{"n_samples": 0}, {"n_samples": 2.5}, {"chunk_size": 0}])
def test_bad_arguments(kwargs: dict[str, Any]) -> None:
    args = {"n_samples": 10, "seed": 1} | kwargs
    with pytest.raises(InvalidInputError):
        monte_carlo(mean, one_uncertain_position, **args)


def test_bad_executor() -> None:
    with pytest.raises(InvalidInputError, match="executor"):
        monte_carlo(mean, one_uncertain_position, 3, seed=1, executor="gpu")


def test_model_options_are_passed_through() -> None:
    a = monte_carlo(bdm, gulf_like_sampler, 10, seed=5, max_rounds=0)
    b = monte_carlo(median, gulf_like_sampler, 10, seed=5)
    # with no rounds, BDM's forecast is the weighted median of the drawn positions
    assert a.forecasts.tolist() == b.forecasts.tolist()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 30), st.integers(1, 4))
def test_rank_and_spearman_match_scipy(seed: int, k: int, p: int) -> None:
    rng = np.random.default_rng(seed)
    # integers force ties, which both must average
    a = rng.integers(0, 4, (k, p)).astype(float)
    b = rng.normal(size=(k, 2))
    np.testing.assert_allclose(rank_columns(a), scipy_stats.rankdata(a, axis=0))
    rho = spearman_matrix(a, b)
    for i in range(p):
        for j in range(2):
            if np.ptp(a[:, i]) == 0:
                assert np.isnan(rho[i, j])
            else:
                ref = scipy_stats.spearmanr(a[:, i], b[:, j]).statistic
                assert rho[i, j] == pytest.approx(ref, abs=1e-10)
