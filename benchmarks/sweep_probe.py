"""Probe (issue 16.5): per-sample CPU inside the workers of each backend, Gulf War sweep.

Run ``PYTHONPATH=src:benchmarks python benchmarks/sweep_probe.py 120 serial,proc2,dask1,dask2,dask2-defaults``;
the workers import this module, so ``benchmarks`` must be on PYTHONPATH. Per backend: the CPU per sample
of the thread that runs the chunks (``thread_time`` inside the task) and of the worker processes in all
their threads (psutil, every process below this one: the profiler and monitor threads of a Dask worker
count here, not in the task's thread), and the CPU of each thread of this process (a LocalCluster's
scheduler, nannies and client share its ``IO loop`` thread). ``dask2-defaults`` is a two-worker
``LocalCluster`` with Dask's own settings, reached through ``--address``: the before of
``DASK_LOCAL_CONFIG``'s after.

``--together ROUNDS`` (e.g. ``sweep_probe.py 20 proc2,dask2 --together 3``) runs the named backends at the
same time, each from its own thread, ROUNDS times: on a shared machine, backends timed one after another
meet different neighbours (the CPU a sample costs moved by 20 % between runs minutes apart at a load of
9–11), backends timed together meet the same ones.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
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


def _threads() -> dict[str, float]:
    """CPU seconds of each thread of this process, by thread name."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    out: dict[str, float] = {}
    for t in psutil.Process().threads():
        name = names.get(t.id, f"thread {t.id}")
        out[name] = out.get(name, 0.0) + t.user_time + t.system_time
    return out


def together(n: int, which: list[str], rounds: int, makers: dict[str, Any], payload: Any) -> None:
    """Run the backends at the same time, ``rounds`` times: task-thread CPU per sample of each."""
    made = {name: makers[name]() for name in which}
    try:
        for name in which:
            run_chunks(timed, payload, 4, seed=99, backend=_backend(made[name]), chunk_size=1)
        for r in range(rounds):
            per: dict[str, float] = {}

            threads = [
                threading.Thread(target=_timed_run, args=(made[name], payload, n, per, name))
                for name in which
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(
                f"round {r}: task-thread CPU/sample "
                + "  ".join(f"{name}={per[name] * 1e3:6.1f}ms" for name in which)
                + f"  load={os.getloadavg()[0]:.2f}",
                flush=True,
            )
    finally:
        for m in made.values():
            m.close()


def _timed_run(made: Any, payload: Any, n: int, per: dict[str, float], name: str) -> None:
    res = run_chunks(timed, payload, n, seed=1, backend=_backend(made))
    per[name] = sum(x[0] for x in res) / n


def _backend(made: Any) -> Any:
    return made.backend if isinstance(made, _DefaultDask) else made


def main() -> None:
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("samples", type=int, nargs="?", default=120)
    parser.add_argument("backends", nargs="?", default="serial,proc2,dask1,dask2")
    parser.add_argument("--together", type=int, default=0, metavar="ROUNDS")
    args = parser.parse_args()
    n, which, rounds = args.samples, args.backends.split(","), args.together
    scen = load_scenario(example_path("gulf-war-1990"))
    payload, entropy = payload_for(scen)
    makers: dict[str, Any] = {
        "serial": SerialBackend,
        "proc2": lambda: ProcessBackend(2),
        "dask1": lambda: DaskBackend(workers=1),
        "dask2": lambda: DaskBackend(workers=2),
        "dask2-defaults": _DefaultDask,
    }
    if rounds:
        together(n, which, rounds, makers, payload)
        return
    for name in which:
        # a Dask nanny writes its workers' environment into this process's (os.environ.update): restore
        # it, so that one backend's settings do not leak into the next one's workers
        environ = dict(os.environ)
        made = makers[name]()
        be = _backend(made)
        try:
            run_chunks(timed, payload, 4, seed=99, backend=be)  # warm
            p0, t0 = _worker_cpu(), _threads()
            c0, w0 = time.process_time(), time.perf_counter()
            res = run_chunks(timed, payload, n, seed=entropy, backend=be)
            wall = time.perf_counter() - w0
            drv = time.process_time() - c0
            p1, t1 = _worker_cpu(), _threads()
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
        busy = {k: v - t0.get(k, 0.0) for k, v in t1.items() if v - t0.get(k, 0.0) >= 0.005}
        print(
            f"{'':14} driver threads (CPU s): "
            + ", ".join(f"{k} {v:.2f}" for k, v in sorted(busy.items(), key=lambda kv: -kv[1])),
            flush=True,
        )


if __name__ == "__main__":
    main()
