"""The sample engine: one way to run many independent samples, on one core or a cluster.

A *task* runs the samples of one chunk on a shared *payload* and returns a small result (usually a
:class:`Summary`); :func:`run_chunks` cuts the samples into chunks, ships the payload to the workers once,
runs the chunks on a backend — ``serial``, ``processes``, ``dask`` (``distributed``; a ``LocalCluster`` or
an existing scheduler), ``ray`` (optional), or any :class:`concurrent.futures.Executor` — and merges the
results in chunk order. Sample ``i`` always draws from its own ``SeedSequence`` child ``i``, so the numbers
are the same on every backend and for every chunk size.

Every sample-based analysis runs here — the forecast Monte Carlo (:func:`coalitionist.forecast.monte_carlo`),
the plan evaluation (:func:`coalitionist.strategy.evaluate_plan`), the sweep, its sensitivity designs and
the brief's robustness check — and nothing else in coalitionist starts a pool of its own.

**Entry point for background jobs** (the web app's, a notebook's): :func:`run_samples` runs
``sample(payload, i, rng)`` for every sample ``i`` with a ``progress(done, total)`` callback and a
``cancel`` flag (a :class:`threading.Event`, or any callable returning True to stop)::

    stop = threading.Event()
    results = run_samples(one_draw, payload, 10_000, seed=7, backend="processes",
                          progress=lambda done, total: job.update(done, total), cancel=stop)
    # another thread: stop.set() → the chunks not started are cancelled and RunCancelledError is raised

:func:`run_chunks` takes the same ``cancel`` flag when the caller works in chunks and reduces them with a
``merge`` (as the sweep does).

This is the bottom layer: it imports nothing of coalitionist but :mod:`coalitionist.errors`.
"""

from coalitionist.engine.aggregate import (
    EXACT_LIMIT,
    QUANTILES,
    RELATIVE_ACCURACY,
    ExactSum,
    NumberStats,
    Summary,
    merge_summaries,
)
from coalitionist.engine.backends import (
    BACKENDS,
    Backend,
    DaskBackend,
    ExecutorBackend,
    ProcessBackend,
    RayBackend,
    SerialBackend,
    make_backend,
)
from coalitionist.engine.errors import (
    BackendUnavailableError,
    EngineError,
    RunCancelledError,
    SchedulerUnreachableError,
)
from coalitionist.engine.run import Cancel, Progress, run_chunks, run_samples
from coalitionist.engine.seeds import (
    Chunk,
    analysis_seed,
    chunk_size_for,
    make_chunks,
    root_entropy,
    sample_rng,
)

__all__ = [
    "BACKENDS",
    "EXACT_LIMIT",
    "QUANTILES",
    "RELATIVE_ACCURACY",
    "Backend",
    "BackendUnavailableError",
    "Cancel",
    "Chunk",
    "DaskBackend",
    "EngineError",
    "ExactSum",
    "ExecutorBackend",
    "NumberStats",
    "ProcessBackend",
    "Progress",
    "RayBackend",
    "RunCancelledError",
    "SchedulerUnreachableError",
    "SerialBackend",
    "Summary",
    "analysis_seed",
    "chunk_size_for",
    "make_backend",
    "make_chunks",
    "merge_summaries",
    "root_entropy",
    "run_chunks",
    "run_samples",
    "sample_rng",
]
