"""Where chunks run: one small interface, four backends.

Every backend is shaped like :class:`concurrent.futures.Executor` (``submit`` returns a future, ``map``
maps over chunks) plus three things sample work needs:

* ``share(obj)`` ships an object (the compiled scenario, the problem) to the workers **once** and returns a
  handle that tasks receive in its place — a process pool's initializer, Dask's ``scatter(broadcast=True)``,
  Ray's object store;
* ``as_completed(futures)`` yields futures as they finish (for the progress bar);
* ``reduce(futures, merge)`` combines chunk results in chunk order — on the workers for Dask (a tree of
  ``merge`` tasks, so only the final summary comes back), in this process otherwise.

Backends: :class:`SerialBackend` (this process), :class:`ProcessBackend` (a process pool, one worker per
CPU), :class:`DaskBackend` (``distributed``: a ``LocalCluster``, or an existing scheduler at ``address``),
:class:`RayBackend` (optional, when ``ray`` is installed) and :class:`ExecutorBackend` (any
:class:`concurrent.futures.Executor`, e.g. ``Client.get_executor()`` or ``mpi4py``'s pool).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import copy
import itertools
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from coalitionist.engine.errors import (
    BackendUnavailableError,
    EngineError,
    SchedulerUnreachableError,
)

__all__ = [
    "BACKENDS",
    "DASK_LOCAL_CONFIG",
    "Backend",
    "DaskBackend",
    "ExecutorBackend",
    "ProcessBackend",
    "RayBackend",
    "SerialBackend",
    "make_backend",
]

#: Names accepted by :func:`make_backend` (and ``--backend``).
BACKENDS = ("serial", "processes", "dask", "ray")


class Backend(Protocol):
    """What the engine needs of a place to run chunks."""

    name: str

    @property
    def workers(self) -> int:
        """How many tasks run at once."""
        ...

    def share(self, obj: Any) -> Any:
        """Ship ``obj`` to the workers once; tasks receive the returned handle (see :func:`resolve`)."""
        ...

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on a worker; returns a future."""
        ...

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """Yield the futures as they finish."""
        ...

    def results(self, futures: Sequence[Any]) -> list[Any]:
        """The futures' results, in order."""
        ...

    def reduce(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """``merge`` the futures' results left to right (chunk order)."""
        ...

    def close(self) -> None:
        """Release what the backend started (pools, clusters)."""
        ...


# -- shared objects ------------------------------------------------------------------------------

_SHARED: dict[int, Any] = {}
_NEXT = itertools.count(1)


@dataclass(frozen=True)
class _Installed:
    """A handle to an object installed in every worker process by the pool's initializer."""

    key: int


def _install(key: int, obj: Any) -> None:
    _SHARED[key] = obj


@dataclass(frozen=True)
class _Carried:
    """A shared object pickled once, carried by every task as bytes and unpickled once per worker.

    For a pool that was already running when the object was shared: the bytes travel with each task (a
    copy through the pipe), but every worker unpickles them only the first time, so the chunks of a run
    share one copy — and whatever that copy caches as it is used (the game's minimal coalitions, goal
    tables) — instead of each chunk starting from a cold copy of its own."""

    key: int
    blob: bytes


#: Objects carried (:class:`_Carried`) a worker keeps unpickled: the latest runs'.
CARRIED_KEPT = 4


def resolve(handle: Any) -> Any:
    """The object a task was given: a shared object's handle is looked up in this worker."""
    if isinstance(handle, _Installed):
        return _SHARED[handle.key]
    if isinstance(handle, _Carried):
        obj = _SHARED.get(handle.key)
        if obj is None:
            obj = _SHARED[handle.key] = pickle.loads(handle.blob)
            carried = [k for k in _SHARED if k < 0]
            for old in carried[:-CARRIED_KEPT]:
                del _SHARED[old]
        return obj
    return handle


def _pure_merge(merge: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    """``merge(copy of a, b)``: data held by a cluster must not be changed in place (a task may rerun)."""
    return merge(copy.deepcopy(a), b)


def _tree(level: list[Any], merged: Callable[[Any, Any], Any]) -> Any:
    """The root of a balanced binary tree over ``level`` (left to right): ``merged(a, b)`` per node."""
    while len(level) > 1:
        nxt = [merged(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


@contextlib.contextmanager
def _environ_kept() -> Iterator[None]:
    """Put ``os.environ`` back as it was on entry: a Dask nanny living in this process sets its workers'
    variables (``OMP_NUM_THREADS``, ``PYTHONHASHSEED``, …) in this process's environment before it spawns
    them, and they would reach every later subprocess (a process pool's workers, a compiler)."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        for key in [k for k in os.environ if k not in saved]:
            del os.environ[key]
        for key, value in saved.items():
            if os.environ.get(key) != value:
                os.environ[key] = value


def _ordered_fold(results: Iterable[Any], merge: Callable[[Any, Any], Any]) -> Any:
    it = iter(results)
    acc = next(it)
    for r in it:
        acc = merge(acc, r)
    return acc


class _DoneFuture(cf.Future[Any]):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        try:
            self.set_result(fn(*args))
        except BaseException as exc:  # stored and re-raised by result(), as an executor would
            self.set_exception(exc)


class SerialBackend:
    """Runs every chunk in this process, in order (no parallelism; the reference)."""

    name = "serial"

    @property
    def workers(self) -> int:
        """One."""
        return 1

    def share(self, obj: Any) -> Any:
        """The object itself."""
        return obj

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        """Run now; the returned future is already done."""
        return _DoneFuture(fn, args)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        """``map(fn, …)`` in this process."""
        return map(fn, *iterables)

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """In submission order."""
        return iter(futures)

    def results(self, futures: Sequence[Any]) -> list[Any]:
        """The futures' results, in order."""
        return [f.result() for f in futures]

    def reduce(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """Fold in chunk order."""
        return _ordered_fold((f.result() for f in futures), merge)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ExecutorBackend:
    """Any :class:`concurrent.futures.Executor` (left open: its owner closes it).

    Shared objects travel with every task (an arbitrary executor has no initializer to install them).
    """

    name = "executor"

    def __init__(self, executor: cf.Executor, workers: int | None = None) -> None:
        self.executor = executor
        self._workers = workers or int(getattr(executor, "_max_workers", 0) or os.cpu_count() or 1)

    @property
    def workers(self) -> int:
        """The executor's worker count, when it says."""
        return self._workers

    def share(self, obj: Any) -> Any:
        """The object itself (pickled with each task)."""
        return obj

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        """``executor.submit``."""
        return self.executor.submit(fn, *args)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        """``executor.map``."""
        return self.executor.map(fn, *iterables)

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """:func:`concurrent.futures.as_completed`."""
        return cf.as_completed(futures)

    def results(self, futures: Sequence[Any]) -> list[Any]:
        """The futures' results, in order."""
        return [f.result() for f in futures]

    def reduce(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """Fold in chunk order, in this process."""
        return _ordered_fold((f.result() for f in futures), merge)

    def close(self) -> None:
        """Leave the executor to its owner."""

    def __enter__(self) -> ExecutorBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessBackend(ExecutorBackend):
    """A :class:`~concurrent.futures.ProcessPoolExecutor` with ``workers`` processes (default: one per CPU).

    The pool starts at the first :meth:`share` or :meth:`submit`; the first object shared is installed in
    every worker by the pool's initializer (sent once per worker, not once per task). Objects shared
    after the pool started are pickled once and carried by each task as bytes, unpickled once per worker.
    """

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self._n = workers or os.cpu_count() or 1
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        """Worker processes."""
        return self._n

    @property
    def executor(self) -> cf.ProcessPoolExecutor:  # type: ignore[override]
        """The pool (started on first use)."""
        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(max_workers=self._n)
        return self._pool

    def share(self, obj: Any) -> Any:
        """Install ``obj`` in every worker when the pool starts; else pickle it once and let each task
        carry the bytes, unpickled once per worker (:class:`_Carried`)."""
        if self._pool is not None:
            # negative keys: carried objects, which a worker keeps only for the latest runs
            return _Carried(-next(_NEXT), pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        key = next(_NEXT)
        _SHARED[key] = obj  # for the serial pilot run in this process
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self._n, initializer=_install, initargs=(key, obj)
        )
        return _Installed(key)

    def close(self) -> None:
        """Shut the pool down."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


#: Dask settings for a ``LocalCluster`` the Dask backend starts (a cluster at ``--address`` keeps its own;
#: docs/howto/robustness.md shows the same settings for ``dask worker``). Measured on the Gulf War sweep,
#: two workers (``benchmarks/sweep_probe.py 60 serial,proc2,dask2,dask2-defaults,dask1``, CPU time, load
#: average 9–17 on 2 cores, 2026-12-03): with Dask's defaults a worker spent 181–207 ms of CPU per sample
#: in the task's thread and 219–279 ms in all its threads; with these settings 124–152 ms and 129–159 ms;
#: a process pool's workers 145–159 ms. Two causes:
#:
#: * the sampling profiler (a thread walking the task's stack every 10 ms) and the memory and system
#:   monitors (psutil every 100 ms and 500 ms) cost 45–70 ms per sample in the worker's other threads —
#:   the profiler is turned off, the monitors sampled every second or five;
#: * the nanny sets ``MALLOC_TRIM_THRESHOLD_=65536`` in each worker's environment. Any explicit malloc
#:   threshold turns off glibc's dynamic mmap threshold (mallopt(3), M_MMAP_THRESHOLD: it is disabled
#:   once M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD or M_MMAP_MAX is set), so every NumPy array above
#:   128 KiB is mmap'd and unmapped afresh, page faults and all: 25–40 ms per sample in the task's
#:   thread. ``None`` leaves the variable unset (Dask's ``_get_env_variables`` drops it); the thread
#:   limits (OMP/MKL/OpenBLAS = 1) are kept.
DASK_LOCAL_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class DaskBackend:
    """Dask ``distributed``: an existing scheduler at ``address``, else a ``LocalCluster``.

    A ``LocalCluster`` has ``workers`` single-threaded worker processes (default one per CPU), no
    dashboard, the settings of :data:`DASK_LOCAL_CONFIG` (no sampling profiler, no malloc trim
    threshold), and is closed with the backend; a client connected to ``address`` is closed but the
    cluster is left running. Shared objects are scattered to every worker once (each worker holds one
    deserialised copy, which every chunk it runs receives); chunk results are merged by a tree of tasks
    on the workers, so only the final result comes back.
    """

    name = "dask"
    #: ``reduce`` runs a tree of merges on the workers (the driver receives one merged result).
    merges_on_workers = True

    def __init__(
        self, address: str | None = None, workers: int | None = None, *, processes: bool = True
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # the optional extra
            raise BackendUnavailableError(
                "the dask backend needs Dask's distributed scheduler: pip install 'coalitionist[dask]'"
            ) from None
        self._cluster: Any = None
        if address:
            try:
                self.client = Client(address, timeout="5s")
            except (OSError, TimeoutError) as exc:
                raise SchedulerUnreachableError(
                    f"--address: no Dask scheduler answered at {address} ({exc})"
                ) from None
        else:
            import dask

            # the nannies copy the configuration when they are made, and apply it to their workers;
            # each nanny writes its workers' environment into this process's before spawning them
            # (os.environ.update: OMP_NUM_THREADS=1, PYTHONHASHSEED, …), which is undone once they run
            with _environ_kept(), dask.config.set(DASK_LOCAL_CONFIG):
                self._cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=processes,
                    # no dashboard; the scheduler's HTTP server (health, metrics) on a free port,
                    # not on 8787, which a second cluster on the machine would find taken
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self._cluster)

    @property
    def address(self) -> str:
        """The scheduler's address (what ``--address`` takes)."""
        return str(self.client.scheduler_info()["address"])

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers."""
        info = self.client.scheduler_info(n_workers=-1)
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def share(self, obj: Any) -> Any:
        """``client.scatter(obj, broadcast=True)``: one copy on every worker."""
        # wrapped in a list: scatter splits a dict or a list into one future per item
        try:
            return self.client.scatter([obj], broadcast=True, hash=False)[0]
        except Exception as exc:  # distributed re-raises a worker's failure as a bare Exception
            if isinstance(exc, ImportError) or "No module named" in str(exc):
                raise EngineError(
                    f"a Dask worker could not load the work ({exc}): every worker needs the same"
                    " coalitionist (and the code the work uses) as this machine"
                ) from None
            raise

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``client.submit`` (not memoised: every chunk is its own task)."""
        return self.client.submit(fn, *args, pure=False)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn`` over the iterables, in order."""
        futures = [self.submit(fn, *args) for args in zip(*iterables, strict=True)]
        return (f.result() for f in futures)

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """``distributed.as_completed``."""
        from distributed import as_completed

        return iter(as_completed(list(futures)))

    def results(self, futures: Sequence[Any]) -> list[Any]:
        """``client.gather``."""
        return list(self.client.gather(list(futures)))

    def merge_tree(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """Submit a balanced tree of ``merge`` tasks over neighbours (chunk order kept); the root's future.

        Submitted with the chunks, before any has finished: each merge runs on a worker as soon as its
        two inputs exist, so when the last chunk ends only the merges on its path to the root remain.
        """
        return _tree(
            list(futures),
            lambda a, b: self.client.submit(_pure_merge, merge, a, b, pure=False),
        )

    def reduce(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """A balanced tree of ``merge`` tasks over neighbours (chunk order kept), run on the workers."""
        return self.merge_tree(futures, merge).result()

    def close(self) -> None:
        """Close the client, and the local cluster if this backend started it."""
        self.client.close()
        if self._cluster is not None:
            with _environ_kept():  # a nanny that restarts a worker writes the environment again
                self._cluster.close()

    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ray_call(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class RayBackend:
    """Ray (optional): a local Ray instance, or the cluster at ``address`` (``auto`` or ``ray://…``)."""

    name = "ray"
    #: ``reduce`` merges on the workers (the driver receives one merged result).
    merges_on_workers = True

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise BackendUnavailableError(
                "the ray backend needs Ray: pip install 'coalitionist[ray]'"
            ) from None
        self._ray = ray
        self._own = not ray.is_initialized()
        if self._own:
            try:
                ray.init(
                    address=address,
                    num_cpus=None if address else (workers or os.cpu_count() or 1),
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
            except ConnectionError as exc:
                raise SchedulerUnreachableError(
                    f"--address: no Ray cluster at {address} ({exc})"
                ) from None
        self._remote = ray.remote(_ray_call)

    @property
    def workers(self) -> int:
        """CPUs of the Ray cluster."""
        return max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def share(self, obj: Any) -> Any:
        """``ray.put``: one copy in the object store."""
        return self._ray.put(obj)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A Ray task (object references among the arguments are resolved by Ray)."""
        return self._remote.remote(fn, *args)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        """Results in order."""
        refs = [self.submit(fn, *args) for args in zip(*iterables, strict=True)]
        return iter(self._ray.get(refs))

    def as_completed(self, futures: Sequence[Any]) -> Iterator[Any]:
        """``ray.wait`` one at a time."""
        pending = list(futures)
        while pending:
            done, pending = self._ray.wait(pending, num_returns=1)
            yield from done

    def results(self, futures: Sequence[Any]) -> list[Any]:
        """``ray.get``."""
        return list(self._ray.get(list(futures)))

    def merge_tree(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """Submit a tree of merge tasks in the cluster, neighbours first; the root's object reference."""
        return _tree(list(futures), lambda a, b: self.submit(_pure_merge, merge, a, b))

    def reduce(self, futures: Sequence[Any], merge: Callable[[Any, Any], Any]) -> Any:
        """A tree of merge tasks in the cluster, neighbours first."""
        return self._ray.get(self.merge_tree(futures, merge))

    def close(self) -> None:
        """Shut down the Ray instance this backend started."""
        if self._own:
            self._ray.shutdown()

    def __enter__(self) -> RayBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_backend(
    backend: str | Backend | cf.Executor | None = "serial",
    *,
    address: str | None = None,
    workers: int | None = None,
) -> Backend:
    """A backend from its name (``serial``, ``processes``, ``dask``, ``ray``), an executor, or itself.

    ``address`` (Dask: ``tcp://host:8786``; Ray: ``auto`` or ``ray://host:10001``) connects to a running
    cluster instead of starting one; it is an error with any other backend.

    Raises
    ------
    BackendUnavailableError
        For an unknown name, an address given to a local backend, or a missing optional package.

    Examples
    --------
    >>> make_backend("serial").workers
    1
    """
    if backend is None:
        backend = "serial"
    if isinstance(backend, str):
        if backend not in BACKENDS:
            raise BackendUnavailableError(
                f"--backend: '{backend}' is not one of {', '.join(BACKENDS)}"
            )
        if address and backend not in ("dask", "ray"):
            raise BackendUnavailableError(
                f"--address connects to a Dask or Ray cluster; it does not apply to --backend {backend}"
            )
        if backend == "serial":
            return SerialBackend()
        if backend == "processes":
            return ProcessBackend(workers)
        if backend == "dask":
            return DaskBackend(address, workers)
        return RayBackend(address, workers)
    if isinstance(backend, cf.Executor):
        return ExecutorBackend(backend)
    return backend
