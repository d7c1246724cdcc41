"""Probe (issue 16.5): per-sample CPU inside the workers of each backend, Gulf War sweep.

Run ``PYTHONPATH=src:benchmarks python benchmarks/sweep_probe.py 120 serial,proc2,dask1,dask2,dask2-defaults``;
the workers import this module, so ``benchmarks`` must be on PYTHONPATH. Per backend: the CPU per sample
of the thread that runs the chunks (``thread_time`` inside the task) and of the worker processes in all
their threads (psutil, every process below this one: the profiler and monitor threads of a Dask worker
count here, not in the task's thread). ``dask2-defaults`` is a two-worker ``LocalCluster`` with Dask's
own settings, reached through ``--address``: the before of ``DASK_LOCAL_CONFIG``'s after.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

import psutil  # type: ignore[import-untyped]

from coalitionist.analyses import sweep as sw
from coalitionist.engine import Chunk, DaskBackend, ProcessBackend, SerialBackend, run_chunks
from coalitionist.engine.seeds import root_entropy
from coalitionist.examples import example_path
from coalitionist.io.load import load_scenario


def timed(payload: Any, chunk: Chunk) -> tuple[Any, ...]:
    t0, w0 = time.thread_time(), time.perf_counter()
    sw._sweep_chunk_nominal(payload, chunk)
    return (
        time.thread_time() - t0,
        time.perf_counter() - w0,
        len(chunk),
        os.getpid(),
        os.environ.get("OMP_NUM_THREADS"),
        os.environ.get("OPENBLAS_NUM_THREADS"),
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
    )


def payload_for(scen: Any) -> tuple[Any, int]:
    entropy = root_entropy(1)
    setup = sw.sweep_setup(scen, None, seed=sw.nominal_seed(entropy))
    nom_s = sw.apply_estimates(scen, setup.estimates, [e.point for e in setup.estimates])
    nominal = sw.conclusions(setup, nom_s, setup.seed)
    return sw._Payload(setup, nominal), entropy


def _worker_cpu() -> dict[int, float]:
    """CPU seconds (user + system) of every process below this one, by pid."""
    out = {}
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
        except psutil.Error:  # ended meanwhile
            continue
        out[child.pid] = t.user + t.system
    return out


class _DefaultDask:
    """A two-worker LocalCluster with Dask's default settings, used through ``address``."""

    def __init__(self) -> None:
        from distributed import LocalCluster

        self.cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
        )
        self.backend = DaskBackend(address=self.cluster.scheduler_address)

    def close(self) -> None:
        self.backend.close()
        self.cluster.close()


def main() -> None:
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    which = sys.argv[2].split(",") if len(sys.argv) > 2 else ["serial", "proc2", "dask1", "dask2"]
    scen = load_scenario(example_path("gulf-war-1990"))
    payload, entropy = payload_for(scen)
    makers: dict[str, Any] = {
        "serial": SerialBackend,
        "proc2": lambda: ProcessBackend(2),
        "dask1": lambda: DaskBackend(workers=1),
        "dask2": lambda: DaskBackend(workers=2),
        "dask2-defaults": _DefaultDask,
    }
    for name in which:
        # a Dask nanny writes its workers' environment into this process's (os.environ.update): restore
        # it, so that one backend's settings do not leak into the next one's workers
        environ = dict(os.environ)
        made = makers[name]()
        be = made.backend if isinstance(made, _DefaultDask) else made
        try:
            run_chunks(timed, payload, 4, seed=99, backend=be)  # warm
            p0 = _worker_cpu()
            c0, w0 = time.process_time(), time.perf_counter()
            res = run_chunks(timed, payload, n, seed=entropy, backend=be)
            wall = time.perf_counter() - w0
            drv = time.process_time() - c0
            p1 = _worker_cpu()
        finally:
            made.close()
            os.environ.clear()
            os.environ.update(environ)
        pids = sorted({r[3] for r in res})
        # serial: the chunks ran in this process, whose CPU is the driver's
        procs = drv if name == "serial" else sum(p1[p] - p0.get(p, 0.0) for p in pids if p in p1)
        cpu = sum(r[0] for r in res)
        cw = sum(r[1] for r in res)
        print(
            f"{name:14} chunks={len(res):3} sizes={sorted({r[2] for r in res})} wall={wall:6.2f}s "
            f"worker-thread-CPU/sample={cpu / n * 1e3:6.1f}ms "
            f"worker-process-CPU/sample={procs / n * 1e3:6.1f}ms chunk-wall/sample={cw / n * 1e3:6.1f}ms "
            f"driverCPU={drv:5.2f}s pids={len(pids)} omp={res[0][4]} malloc_trim={res[0][6]} "
            f"load={os.getloadavg()[0]:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
