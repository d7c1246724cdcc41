"""Run sample work in chunks on a backend and reduce the chunk results.

:func:`run_chunks` is the one way coalitionist runs many samples: the forecast Monte Carlo, the plan
evaluation and the sweep all call it with a *task* ``task(payload, chunk)`` — a module-level function that
runs the samples of one :class:`~coalitionist.engine.seeds.Chunk` on the shared ``payload`` — and, when the
results are summaries, a ``merge(a, b)``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from coalitionist.engine.backends import (
    Backend,
    SerialBackend,
    _ordered_fold,
    make_backend,
    resolve,
)
from coalitionist.engine.errors import RunCancelledError
from coalitionist.engine.seeds import Chunk, chunk_size_for, make_chunks, root_entropy

__all__ = ["MAX_CHUNKS", "Cancel", "Progress", "run_chunks", "run_samples"]

#: At most this many chunks per run (or 16 per worker, if more): the driver keeps one future per chunk and
#: a scheduler one task per chunk (and per merge), so chunks grow rather than the task count. At 10^5 Gulf
#: War samples on a loaded machine the pilot asked for chunks of 5 — 20,000 tasks and 893 MB in the
#: driver; capped, 1,024 tasks.
MAX_CHUNKS = 1024
#: Seconds of work a chunk aims at (see :func:`~coalitionist.engine.chunk_size_for`).
TARGET_SECONDS = 0.25

R = TypeVar("R")
#: ``progress(done, total)``: samples done so far, samples in all (called in this process).
Progress = Callable[[int, int], None]


class Cancel(Protocol):
    """A cancel flag: anything with ``is_set()``, such as :class:`threading.Event`."""

    def is_set(self) -> bool:
        """Whether the run should stop."""
        ...


def _cancelled(cancel: Cancel | Callable[[], bool] | None) -> bool:
    if cancel is None:
        return False
    is_set = getattr(cancel, "is_set", None)
    return bool(is_set() if callable(is_set) else cancel())  # type: ignore[operator]


def _drop(futures: list[Any]) -> None:
    """Cancel the chunks not started yet (those running finish on their worker; results are dropped)."""
    for f in futures:
        stop = getattr(f, "cancel", None)
        if callable(stop):
            with contextlib.suppress(Exception):  # a finished future may refuse; nothing to undo
                stop()


def _call(task: Callable[[Any, Chunk], Any], handle: Any, chunk: Chunk) -> Any:
    """Run one chunk on a worker (module-level, so every backend can ship it)."""
    return task(resolve(handle), chunk)


#: Samples of the second pilot chunk, run when one sample is cheap (see :func:`_pilot`).
PILOT_SAMPLES = 8


def _pilot(
    task: Callable[[Any, Chunk], Any],
    payload: Any,
    n_samples: int,
    entropy: int,
    kept: list[tuple[Chunk, Any]] | None = None,
) -> float:
    """Seconds of CPU a chunk costs per sample, from pilot chunks run here.

    A chunk has a fixed cost besides its samples (building and summarising its records: ~10 ms for a
    sweep's 261 numbers), so one sample timed alone overstates the cost per sample of a cheap task many
    times over and the chunks come out too small for the scheduler. When one sample costs under a tenth of
    the target, a chunk of :data:`PILOT_SAMPLES` is timed too and the fixed cost taken out:
    ``per = (t_8 − t_1) / 7``, and the returned cost is ``per + t_1 / target-sized chunk`` — the cost per
    sample of a chunk of the target's length. CPU time: a busy machine does not shrink chunks.

    The pilot chunks are the run's first samples (sample 0, then samples 1 … :data:`PILOT_SAMPLES`); with
    ``kept``, each is appended to it with its result, for the caller to count as done instead of running
    those samples again.
    """
    first = Chunk(-1, 0, 1, entropy)
    started = time.thread_time()
    result = task(payload, first)
    one = time.thread_time() - started
    if kept is not None:
        kept.append((first, result))
    if one >= TARGET_SECONDS / 10 or n_samples < 4 * PILOT_SAMPLES:
        return one
    more = Chunk(-1, 1, 1 + PILOT_SAMPLES, entropy)
    started = time.thread_time()
    result = task(payload, more)
    several = time.thread_time() - started
    if kept is not None:
        kept.append((more, result))
    per = max((several - one) / (PILOT_SAMPLES - 1), one / 1000, 1e-9)
    fixed = max(one - per, 0.0)
    size = max(1.0, (TARGET_SECONDS - fixed) / per)
    return per + fixed / size


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
    cancel: Cancel | Callable[[], bool] | None = None,
) -> Any:
    """Run ``task`` over ``n_samples`` samples cut into chunks; return the merged result or the list.

    Algorithm:

    1. ``entropy`` = ``seed`` (fresh entropy when None); sample ``i`` draws from
       ``default_rng(SeedSequence(entropy, spawn_key=(i,)))`` (:meth:`Chunk.rngs`), so the numbers do not
       depend on the backend, the worker count or the chunk size.
    2. ``payload`` is shipped to the workers once (:meth:`Backend.share`).
    3. Chunk size: ``chunk_size`` if given, else :func:`chunk_size_for` — at least four chunks per worker,
       each about a quarter of a second of work as timed on pilot chunks run here (one sample, and
       :data:`PILOT_SAMPLES` more when one is cheap, so that a chunk's fixed cost is not counted as the
       samples'; CPU time, so that other work competing for the cores does not shrink the chunks; their
       results are kept when there is a ``merge``: the pilot chunks are the run's first samples, merged
       first, and the chunks cover the rest — the workers, idle while the pilot runs here, are not
       given its samples again); the serial backend uses 20 chunks for a smooth progress bar. Either
       way never more than :data:`MAX_CHUNKS` chunks (or 16 per worker): the chunk grows instead.
    4. Every chunk is submitted; ``progress(done, total)`` is called as chunks finish. When ``cancel`` is
       set (checked before each chunk on the serial backend, and as each chunk finishes on the others),
       or ``progress`` raises, the chunks not yet started are cancelled and the run stops
       (:class:`~coalitionist.engine.RunCancelledError` for ``cancel``; the exception of ``progress``).
    5. With ``merge``, chunk results are merged left to right in chunk order and the merged result is
       returned; without, the list of chunk results in chunk order. The merge streams: on the serial and
       process backends each result is folded in as soon as every earlier chunk's is (the driver holds
       the running summary and the results that came back early, never every chunk's); on Dask and Ray a
       balanced tree of merges, submitted with the chunks, runs on the workers as its inputs finish.

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
    cancel : threading.Event or callable, optional
        Stops the run when ``cancel.is_set()`` (or ``cancel()``) is true.

    Raises
    ------
    RunCancelledError
        When ``cancel`` was set before every chunk had finished.

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
        # with a merge, the pilot's samples (the run's first) count as done: the chunks cover the rest
        kept: list[tuple[Chunk, Any]] = []
        if chunk_size is None:
            if serial:
                chunk_size = chunk_size_for(n_samples, 1, per_worker=20)
            else:
                cost = _pilot(task, payload, n_samples, entropy, kept if merge else None)
                chunk_size = chunk_size_for(
                    max(n_samples - (kept[-1][0].stop if kept else 0), 1),
                    be.workers,
                    seconds_per_sample=cost,
                    target_seconds=TARGET_SECONDS,
                )
        ahead = kept[-1][0].stop if kept else 0
        early = _ordered_fold([r for _, r in kept], merge) if kept and merge else _NOTHING
        if ahead >= n_samples:  # one sample, run by the pilot
            if progress is not None:
                progress(ahead, n_samples)
            return early
        rest = int(n_samples) - ahead
        most = max(MAX_CHUNKS, 16 * be.workers)
        chunk_size = max(int(chunk_size), -(-rest // most))
        chunks = [
            Chunk(c.index, c.start + ahead, c.stop + ahead, c.entropy)
            for c in make_chunks(rest, chunk_size, entropy)
        ]
        handle = be.share(payload)
        done = ahead
        futures: list[Any] = []
        # fold here, in chunk order, as results arrive (Dask and Ray merge on their workers instead)
        fold = merge is not None and not getattr(be, "merges_on_workers", False)
        folded = _Fold(merge, early) if fold and merge is not None else None
        if serial:
            for c in chunks:
                if _cancelled(cancel):
                    raise RunCancelledError(f"cancelled after {done} of {n_samples} samples")
                f = be.submit(_call, task, handle, c)
                if folded is not None:
                    folded.add(c.index, f.result())
                else:
                    futures.append(f)
                done += len(c)
                if progress is not None:
                    progress(done, n_samples)
        else:
            futures = [be.submit(_call, task, handle, c) for c in chunks]
            place = {f: k for k, f in enumerate(futures)}
            # Dask and Ray: the tree of merges goes in with the chunks, so merging keeps up with them
            tree = getattr(be, "merge_tree", None) if merge is not None and not fold else None
            root = tree(futures, merge) if tree is not None else None
            try:
                for f in be.as_completed(futures):
                    k = place[f]
                    done += len(chunks[k])
                    if folded is not None:
                        folded.add(k, f.result())
                        futures[k] = None  # the result is in the running fold: let it go
                        del place[f]
                    if progress is not None:
                        progress(done, n_samples)
                    if done < n_samples and _cancelled(cancel):
                        raise RunCancelledError(f"cancelled after {done} of {n_samples} samples")
            except BaseException:
                _drop([f for f in [root, *futures] if f is not None])
                raise
            if root is not None:
                return _after(early, be.results([root])[0], merge)
        if folded is not None:
            return folded.value()
        if merge is not None:
            return _after(early, be.reduce(futures, merge), merge)
        return be.results(futures)
    finally:
        if own:
            be.close()


#: No result yet (a fold with nothing before its first chunk).
_NOTHING: Any = object()


def _after(early: Any, result: Any, merge: Callable[[Any, Any], Any] | None) -> Any:
    """``merge(early, result)``, or ``result`` when nothing came before it."""
    return result if early is _NOTHING or merge is None else merge(early, result)


class _Fold:
    """A left-to-right fold in chunk order over results that may arrive out of order, after ``initial``
    (the pilot's samples) when given."""

    def __init__(self, merge: Callable[[Any, Any], Any], initial: Any = _NOTHING) -> None:
        self.merge = merge
        self.next = 0
        self.acc: Any = initial
        self.early: dict[int, Any] = {}

    def add(self, index: int, result: Any) -> None:
        """Take chunk ``index``'s result; fold it and every waiting successor in."""
        self.early[index] = result
        while self.next in self.early:
            r = self.early.pop(self.next)
            self.acc = r if self.acc is _NOTHING else self.merge(self.acc, r)
            self.next += 1

    def value(self) -> Any:
        """The fold of every chunk."""
        assert not self.early, "a chunk's result is missing"
        return self.acc


def run_samples(
    sample: Callable[[Any, int, Any], R],
    payload: Any,
    n_samples: int,
    *,
    seed: int | None = None,
    backend: str | Backend | cf.Executor | None = "serial",
    address: str | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | Callable[[], bool] | None = None,
) -> list[R]:
    """Run ``sample(payload, i, rng)`` for ``i`` = 0 … ``n_samples − 1``; the results in sample order.

    The entry point for callers that think in samples, not chunks — the web app's background jobs among
    them: one call, a progress callback and a cancel flag. ``rng`` is sample ``i``'s own generator
    (:func:`~coalitionist.engine.sample_rng`), so the results are the same on every backend and for every
    chunk size. ``sample`` must be a module-level function (picklable) for the process, Dask and Ray
    backends; the other arguments are those of :func:`run_chunks`.

    Raises
    ------
    RunCancelledError
        When ``cancel`` is set before the run ends.

    Examples
    --------
    >>> import threading
    >>> def draw(scale, i, rng):
    ...     return scale * float(rng.random())
    >>> a = run_samples(draw, 2.0, 6, seed=3)
    >>> a == run_samples(draw, 2.0, 6, seed=3, chunk_size=4), len(a)
    (True, 6)
    >>> stop = threading.Event()
    >>> stop.set()
    >>> run_samples(draw, 2.0, 6, seed=3, cancel=stop)
    Traceback (most recent call last):
    ...
    coalitionist.engine.errors.RunCancelledError: cancelled after 0 of 6 samples
    """
    out: list[R] = run_chunks(
        _samples_chunk,
        (sample, payload),
        n_samples,
        seed=seed,
        backend=backend,
        address=address,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        merge=_concat,
        cancel=cancel,
    )
    return out


def _samples_chunk(pair: tuple[Callable[[Any, int, Any], Any], Any], chunk: Chunk) -> list[Any]:
    sample, payload = pair
    return [sample(payload, i, rng) for i, rng in chunk.rngs()]


def _concat(a: list[Any], b: list[Any]) -> list[Any]:
    return a + b
