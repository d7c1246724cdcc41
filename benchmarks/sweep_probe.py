"""Probe (issue 16.5): per-sample thread CPU inside the workers of each backend, Gulf War sweep.

Run ``PYTHONPATH=src:benchmarks python benchmarks/sweep_probe.py 120 serial,proc2,dask1,dask2``; the
workers import this module, so ``benchmarks`` must be on PYTHONPATH.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

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
    )


def payload_for(scen: Any) -> tuple[Any, int]:
    entropy = root_entropy(1)
    setup = sw.sweep_setup(scen, None, seed=sw.nominal_seed(entropy))
    nom_s = sw.apply_estimates(scen, setup.estimates, [e.point for e in setup.estimates])
    nominal = sw.conclusions(setup, nom_s, setup.seed)
    return sw._Payload(setup, nominal), entropy


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
    }
    for name in which:
        be = makers[name]()
        try:
            run_chunks(timed, payload, 4, seed=99, backend=be)  # warm
            c0, w0 = time.process_time(), time.perf_counter()
            res = run_chunks(timed, payload, n, seed=entropy, backend=be)
            wall = time.perf_counter() - w0
            drv = time.process_time() - c0
        finally:
            be.close()
        cpu = sum(r[0] for r in res)
        cw = sum(r[1] for r in res)
        pids = sorted({r[3] for r in res})
        print(
            f"{name:7} chunks={len(res):3} sizes={sorted({r[2] for r in res})} wall={wall:6.2f}s "
            f"worker-thread-CPU/sample={cpu / n * 1e3:6.1f}ms chunk-wall/sample={cw / n * 1e3:6.1f}ms "
            f"driverCPU={drv:5.2f}s pids={len(pids)} omp={res[0][4]} oblas={res[0][5]} load={os.getloadavg()[0]:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
