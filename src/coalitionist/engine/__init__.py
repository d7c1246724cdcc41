"""The sample engine: one way to run many independent samples, on one core or a cluster.

A *task* runs the samples of one chunk on a shared *payload* and returns a small result (usually a
:class:`Summary`); :func:`run_chunks` cuts the samples into chunks, ships the payload to the workers once,
runs the chunks on a backend — ``serial``, ``processes``, ``dask`` (``distributed``; a ``LocalCluster`` or
an existing scheduler), ``ray`` (optional), or any :class:`concurrent.futures.Executor` — and merges the
results in chunk order. Sample ``i`` always draws from its own ``SeedSequence`` child ``i``, so the numbers
are the same on every backend and for every chunk size.

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
    SchedulerUnreachableError,
)
from coalitionist.engine.run import Progress, run_chunks
from coalitionist.engine.seeds import Chunk, chunk_size_for, make_chunks, root_entropy, sample_rng

__all__ = [
    "BACKENDS",
    "EXACT_LIMIT",
    "QUANTILES",
    "RELATIVE_ACCURACY",
    "Backend",
    "BackendUnavailableError",
    "Chunk",
    "DaskBackend",
    "EngineError",
    "ExactSum",
    "ExecutorBackend",
    "NumberStats",
    "ProcessBackend",
    "Progress",
    "RayBackend",
    "SchedulerUnreachableError",
    "SerialBackend",
    "Summary",
    "chunk_size_for",
    "make_backend",
    "make_chunks",
    "merge_summaries",
    "root_entropy",
    "run_chunks",
    "sample_rng",
]
