"""Run sample work in chunks on a backend and reduce the chunk results.

:func:`run_chunks` is the one way coalitionist runs many samples: the forecast Monte Carlo, the plan
evaluation and the sweep all call it with a *task* ``task(payload, chunk)`` — a module-level function that
runs the samples of one :class:`~coalitionist.engine.seeds.Chunk` on the shared ``payload`` — and, when the
results are summaries, a ``merge(a, b)``.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Callable
from typing import Any, TypeVar

from coalitionist.engine.backends import Backend, SerialBackend, make_backend, resolve
from coalitionist.engine.seeds import Chunk, chunk_size_for, make_chunks, root_entropy

__all__ = ["Progress", "run_chunks"]

R = TypeVar("R")
#: ``progress(done, total)``: samples done so far, samples in all (called in this process).
Progress = Callable[[int, int], None]


def _call(task: Callable[[Any, Chunk], Any], handle: Any, chunk: Chunk) -> Any:
    """Run one chunk on a worker (module-level, so every backend can ship it)."""
    return task(resolve(handle), chunk)


def run_chunks(
    task: Callable[[Any, Chunk], R],
    payload: Any,
    n_samples: int,
    *,
    seed: int | None = None,
    backend: str | Backend | cf.Executor | None = "serial",
    address: str | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    merge: Callable[[R, R], R] | None = None,
) -> Any:
    """Run ``task`` over ``n_samples`` samples cut into chunks; return the merged result or the list.

    Algorithm:

    1. ``entropy`` = ``seed`` (fresh entropy when None); sample ``i`` draws from
       ``default_rng(SeedSequence(entropy, spawn_key=(i,)))`` (:meth:`Chunk.rngs`), so the numbers do not
       depend on the backend, the worker count or the chunk size.
    2. ``payload`` is shipped to the workers once (:meth:`Backend.share`).
    3. Chunk size: ``chunk_size`` if given, else :func:`chunk_size_for` — at least four chunks per worker,
       each about a quarter of a second of work as timed on one pilot sample run here (its result is
       discarded); the serial backend uses 20 chunks for a smooth progress bar.
    4. Every chunk is submitted; ``progress(done, total)`` is called as chunks finish.
    5. With ``merge``, chunk results are merged left to right in chunk order (on the workers for Dask and
       Ray) and the merged result is returned; without, the list of chunk results in chunk order.

    Parameters
    ----------
    task : callable
        ``task(payload, chunk) -> result``; module-level (picklable) for process, Dask and Ray backends.
    payload : object
        What every chunk needs (picklable for non-serial backends).
    n_samples : int
        Samples in all (≥ 1).
    seed : int, optional
        Root seed.
    backend : str, Backend or concurrent.futures.Executor
        ``serial`` (default), ``processes``, ``dask``, ``ray``, an open backend or any executor (left
        open). A backend named here is started and closed by this call.
    address : str, optional
        A running Dask scheduler (``tcp://host:8786``) or Ray cluster to connect to.
    workers : int, optional
        Worker count of a local pool or cluster (default: one per CPU).
    chunk_size : int, optional
        Samples per task (no effect on the numbers).
    progress : callable, optional
    merge : callable, optional
        ``merge(a, b)`` of two chunk results, ``a`` before ``b``.

    Returns
    -------
    The merged result (with ``merge``) or the list of chunk results in chunk order.

    Examples
    --------
    >>> def draws(payload, chunk):
    ...     return [float(rng.random()) * payload for _, rng in chunk.rngs()]
    >>> a = run_chunks(draws, 2.0, 10, seed=1, chunk_size=3, merge=lambda x, y: x + y)
    >>> b = run_chunks(draws, 2.0, 10, seed=1, chunk_size=7, merge=lambda x, y: x + y)
    >>> a == b, len(a)
    (True, 10)
    """
    entropy = root_entropy(seed)
    own = backend is None or isinstance(backend, str)
    be = make_backend(backend, address=address, workers=workers)
    try:
        serial = isinstance(be, SerialBackend)
        if chunk_size is None:
            if serial:
                chunk_size = chunk_size_for(n_samples, 1, per_worker=20)
            else:
                started = time.perf_counter()
                task(payload, Chunk(-1, 0, 1, entropy))
                chunk_size = chunk_size_for(
                    n_samples, be.workers, seconds_per_sample=time.perf_counter() - started
                )
        chunks = make_chunks(n_samples, chunk_size, entropy)
        handle = be.share(payload)
        done = 0
        futures: list[Any] = []
        if serial:
            for c in chunks:
                futures.append(be.submit(_call, task, handle, c))
                done += len(c)
                if progress is not None:
                    progress(done, n_samples)
        else:
            futures = [be.submit(_call, task, handle, c) for c in chunks]
            sizes = {f: len(c) for f, c in zip(futures, chunks, strict=True)}
            for f in be.as_completed(futures):
                done += sizes[f]
                if progress is not None:
                    progress(done, n_samples)
        if merge is not None:
            return be.reduce(futures, merge)
        return be.results(futures)
    finally:
        if own:
            be.close()
