"""One engine under every sample-based analysis: the forecast Monte Carlo and the plan evaluation give the
same numbers on every backend for the same seed; run_samples (the background jobs' entry point) honours
its progress callback and cancel flag; and nothing outside engine/ starts a pool of its own."""

from __future__ import annotations

import re
import sys
import threading
import types
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from engine_tasks import random_inputs, uniform_sample

from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.engine import DaskBackend, RunCancelledError, run_samples
from coalitionist.examples import example_path
from coalitionist.forecast import monte_carlo
from coalitionist.forecast.central import mean
from coalitionist.io import load_scenario
from coalitionist.strategy import evaluate_plan, perturbation_sampler, plan

SRC = Path(__file__).resolve().parents[2] / "src" / "coalitionist"


@pytest.fixture(scope="module")
def dask_backend() -> Iterator[DaskBackend]:
    backend = DaskBackend(workers=2)
    yield backend
    backend.close()


def test_plan_evaluation_is_the_same_on_every_backend(dask_backend: DaskBackend) -> None:
    problem = recruitment_problem(load_scenario(example_path("clinic-program"))).problem
    result = plan(problem, seed=0)
    sampler = perturbation_sampler(problem)
    serial = evaluate_plan(problem, result, samples=240, seed=9, sampler=sampler)
    procs = evaluate_plan(
        problem, result, samples=240, seed=9, sampler=sampler, backend="processes"
    )
    dask = evaluate_plan(
        problem, result, samples=240, seed=9, sampler=sampler, backend=dask_backend
    )
    assert serial == procs == dask
    other = evaluate_plan(problem, result, samples=240, seed=10, sampler=sampler)
    assert other != serial  # the seed matters: the test can fail


def test_forecast_monte_carlo_is_the_same_on_dask(dask_backend: DaskBackend) -> None:
    sampler = partial(random_inputs, 6)
    serial = monte_carlo(mean, sampler, 50, seed=4, executor="serial", chunk_size=7)
    dask = monte_carlo(mean, sampler, 50, seed=4, executor=dask_backend, chunk_size=11)
    np.testing.assert_array_equal(serial.forecasts, dask.forecasts)
    np.testing.assert_array_equal(serial.spearman, dask.spearman)


def test_run_samples_same_results_on_every_backend_and_chunking(dask_backend: DaskBackend) -> None:
    serial = run_samples(uniform_sample, 3.0, 37, seed=5)
    assert len(serial) == 37
    assert run_samples(uniform_sample, 3.0, 37, seed=5, chunk_size=4) == serial
    assert run_samples(uniform_sample, 3.0, 37, seed=5, backend="processes", workers=2) == serial
    assert (
        run_samples(uniform_sample, 3.0, 37, seed=5, backend=dask_backend, chunk_size=6) == serial
    )
    # sample i is (i, scale × first uniform of its own stream)
    assert [i for i, _ in serial] == list(range(37))


def test_run_samples_reports_progress_and_stops_when_cancelled() -> None:
    seen: list[tuple[int, int]] = []
    run_samples(
        uniform_sample, 1.0, 20, seed=1, chunk_size=5, progress=lambda d, n: seen.append((d, n))
    )
    assert seen == [(5, 20), (10, 20), (15, 20), (20, 20)]

    stop = threading.Event()
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        stop.set()  # a user presses "cancel" after the first chunk

    with pytest.raises(RunCancelledError, match="cancelled after 5 of 20"):
        run_samples(uniform_sample, 1.0, 20, seed=1, chunk_size=5, progress=progress, cancel=stop)
    assert calls == [5]  # no chunk ran after the cancel on the serial backend

    stop2 = threading.Event()
    with pytest.raises(RunCancelledError):
        run_samples(
            uniform_sample,
            1.0,
            200,
            seed=1,
            chunk_size=1,
            backend="processes",
            workers=2,
            progress=lambda d, n: stop2.set(),
            cancel=stop2,
        )
    # a callable works as the flag too
    with pytest.raises(RunCancelledError):
        run_samples(uniform_sample, 1.0, 3, seed=1, cancel=lambda: True)


def test_no_second_way_of_running_samples_in_parallel() -> None:
    pools = re.compile(
        r"ProcessPoolExecutor|multiprocessing|distributed\.Client|LocalCluster|ray\.init"
    )
    found = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.parts[len(SRC.parts)] != "engine" and pools.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []


# A class whose module exists in this process only: a Dask worker that unpickles it must import a module it
# does not have (a class of the test module itself would do only while workers cannot import the tests,
# which depends on their working directory).
_ONLY_HERE = types.ModuleType("coalitionist_only_in_this_process")
sys.modules[_ONLY_HERE.__name__] = _ONLY_HERE


class _OnlyHere:
    """Importable from :data:`_ONLY_HERE`, a module Dask's worker processes do not have."""


_OnlyHere.__module__ = _ONLY_HERE.__name__
_ONLY_HERE._OnlyHere = _OnlyHere  # type: ignore[attr-defined]


def test_a_worker_that_cannot_load_the_work_is_a_clear_error(dask_backend: DaskBackend) -> None:
    from coalitionist.engine import EngineError

    with pytest.raises(EngineError, match="every worker needs the same coalitionist"):
        run_samples(uniform_sample, _OnlyHere(), 4, seed=1, backend=dask_backend, chunk_size=2)
