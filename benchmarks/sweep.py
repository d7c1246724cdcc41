"""Benchmark: sweeps of the Gulf War example on every engine backend, side by side in one run.

Run ``python benchmarks/sweep.py`` (``--quick`` for a short run, ``--growth-max 100000`` for the full growth
curve). Prints:

1. **Throughput** of ``coalitionist sweep`` on the bundled Gulf War 1990 example (every analysis: SMP
   forecast, power, coalitions, the plan's first moves) with the serial backend (the baseline), a process
   pool of 2, and Dask LocalClusters of 1 and 2 single-threaded workers: samples per second, wall time,
   CPU time of the driver (this process: the pilot chunk, the nominal analysis, and a LocalCluster's
   scheduler and nannies, which live here) and of the backend's worker processes (``psutil``, by pid),
   CPU milliseconds per sample, the speed-up against serial in wall time (throughput) and the ratio of
   CPU times, and whether the JSON is byte-identical to the serial run's. Every backend is started and
   warmed up first with a small sweep (its workers import the analyses and receive the scenario), so the
   timed runs measure the work, not the start-up — that is in table 2; then the backends take turns,
   one run each per round, and each figure is the median over the rounds: on a shared machine a backend
   timed in a window of its own meets other neighbours than the serial baseline did.
2. **Overhead per task**: a task that does nothing, 400 chunks, on each backend, and the start-up.
3. **Memory** of each worker process (RSS) after the run, in table 1; peak memory in table 4.
4. **Growth** from 10^3 to ``--growth-max`` samples (10^5 by default, 10^4 with ``--quick``) on the
   serial, process and 2-worker Dask backends: the sample engine's own cost at a sweep's scale — each
   sample draws all 261 estimates of the Gulf War from its own ``SeedSequence`` child and every chunk
   summarises them (261 numbers per sample: exact sums, quantiles exact to 20,000 values, then the
   mergeable sketch), summaries merged on the workers. Samples per second, the peak RSS (``VmHWM``) of
   the driver and of the largest worker, and the fitted exponent ``b`` of time ∝ N^b (least squares on
   log–log; 1 is linear).
5. **A 64-worker model**: the measured per-sample cost ``c`` (CPU seconds), per-task scheduler overhead
   ``o`` and start-up ``s`` extrapolated, with its assumptions stated.

The machine is shared: CPU times are the fairer comparison when other work competes for the cores, and
every row prints the 1-minute load average when it finished (``load``): a speed-up measured at a load
above the core count says more about the neighbours than about the backend.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psutil  # type: ignore[import-untyped]

from coalitionist.analyses.sweep import run_sweep, sweep_setup
from coalitionist.analyses.sweep_estimates import draw_estimates
from coalitionist.engine import (
    Chunk,
    DaskBackend,
    ProcessBackend,
    SerialBackend,
    Summary,
    merge_summaries,
    run_chunks,
)
from coalitionist.engine.run import MAX_CHUNKS
from coalitionist.examples import example_path
from coalitionist.io.load import load_scenario


def _tree_cpu() -> float:
    """CPU seconds (user + system) of this process and every live descendant."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(child.cpu_times()[:2])
    return total


def _load() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]


def _noop(payload: Any, chunk: Chunk) -> int:
    return len(chunk)


def _add(a: int, b: int) -> int:
    return a + b


def _backends() -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("serial", SerialBackend),
        ("processes ×2", lambda: ProcessBackend(2)),
        ("dask ×1", lambda: DaskBackend(workers=1)),
        ("dask ×2", lambda: DaskBackend(workers=2)),
    ]


def _own_cpu() -> float:
    """CPU seconds (user + system) of this process, every thread (a LocalCluster's scheduler and nannies
    live here)."""
    return float(sum(psutil.Process().cpu_times()[:2]))


def _pids_of(backend: Any) -> list[int]:
    """The worker processes of a backend (none for the serial one)."""
    if isinstance(backend, DaskBackend):
        return sorted(int(p) for p in backend.client.run(os.getpid).values())
    if isinstance(backend, ProcessBackend):
        return sorted(backend.executor._processes)  # the pool's own map of its processes
    return []


def _cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(psutil.Process(pid).cpu_times()[:2])
    return total


def bench_throughput(samples: int, repeats: int) -> dict[str, float]:
    scenario = load_scenario(example_path("gulf-war-1990"))
    print(
        f"1. Sweep of the Gulf War 1990 example: {samples} samples, every analysis, median of"
        f" {repeats} repeats, the backends taking turns (round r runs every backend once, so that each"
        " meets the same neighbours on a shared machine)"
    )
    print(
        f"{'backend':>13} {'wall s':>8} {'driver s':>9} {'workers s':>10} {'CPU s':>8}"
        f" {'CPU ms/sample':>14} {'samples/s':>10} {'speed-up':>9} {'CPU ratio':>10}"
        "  same JSON  worker RSS MB"
    )
    made = [(name, make()) for name, make in _backends()]
    walls: dict[str, list[float]] = {name: [] for name, _ in made}
    drivers: dict[str, list[float]] = {name: [] for name, _ in made}
    workers: dict[str, list[float]] = {name: [] for name, _ in made}
    outs: dict[str, str] = {}
    loads = [_load()]
    try:
        for _, backend in made:
            # warm up: the workers import the analyses and receive a scenario before the clock starts
            run_sweep(scenario, 2 * backend.workers, seed=99, backend=backend)
        pids = {name: _pids_of(backend) for name, backend in made}
        for _ in range(repeats):
            for name, backend in made:
                d0, w0, t0 = _own_cpu(), _cpu_of(pids[name]), time.perf_counter()
                res = run_sweep(scenario, samples, seed=1, backend=backend)
                walls[name].append(time.perf_counter() - t0)
                drivers[name].append(_own_cpu() - d0)
                workers[name].append(_cpu_of(pids[name]) - w0)
                outs[name] = json.dumps(res.to_dict(), sort_keys=True)
            loads.append(_load())
        rss = {
            name: [psutil.Process(p).memory_info().rss / 2**20 for p in pids[name]]
            for name, _ in made
        }
    finally:
        for _, backend in made:
            backend.close()
    reference = outs["serial"]
    base_wall = statistics.median(walls["serial"])
    base_cpu = statistics.median(
        d + w for d, w in zip(drivers["serial"], workers["serial"], strict=True)
    )
    for name, _ in made:
        wall = statistics.median(walls[name])
        drv, wrk = statistics.median(drivers[name]), statistics.median(workers[name])
        cpu = statistics.median(d + w for d, w in zip(drivers[name], workers[name], strict=True))
        rss_text = ", ".join(f"{r:.0f}" for r in rss[name]) or "–"
        print(
            f"{name:>13} {wall:>8.2f} {drv:>9.2f} {wrk:>10.2f} {cpu:>8.2f}"
            f" {cpu / samples * 1e3:>14.1f} {samples / wall:>10.1f} {base_wall / wall:>9.2f}"
            f" {base_cpu / cpu:>10.2f}  {outs[name] == reference!s:>9}  {rss_text}"
        )
    print(
        f"   (serial CPU per sample: {base_cpu / samples * 1e3:.1f} ms; load average"
        f" {min(loads):.1f}–{max(loads):.1f} over the rounds; driver = this process, where the pilot"
        " chunk, the nominal analysis and a LocalCluster's scheduler and nannies run; workers = the"
        " backend's worker processes)"
    )
    print()
    return {"c": base_cpu / samples}


def bench_overhead(tasks: int) -> dict[str, float]:
    print(f"2. Overhead per task: {tasks} tasks that do nothing (one sample each)")
    print(f"{'backend':>13} {'start s':>8} {'ms/task':>8} {'load':>5}")
    out: dict[str, float] = {}
    for name, make in _backends():
        t0 = time.perf_counter()
        backend = make()
        run_chunks(_noop, None, 4, backend=backend, chunk_size=1, merge=_add)
        start = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            n = run_chunks(_noop, None, tasks, backend=backend, chunk_size=1, merge=_add)
            per = (time.perf_counter() - t0) / tasks
            assert n == tasks
        finally:
            backend.close()
        out[name] = per
        out[f"{name} start"] = start
        print(f"{name:>13} {start:>8.2f} {per * 1e3:>8.3f} {_load():>5.1f}")
    print()
    return out


def _hwm_mb(pid: int | None = None) -> float:
    """Peak resident memory (``VmHWM``) of a process in MB, from ``/proc`` (NaN where it is not Linux)."""
    try:
        with open(f"/proc/{pid or 'self'}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def _workers_hwm() -> float:
    peaks = [_hwm_mb(c.pid) for c in psutil.Process().children(recursive=True)]
    return max([p for p in peaks if p == p], default=math.nan)


@dataclass(frozen=True)
class _Estimates:
    estimates: tuple[Any, ...]
    keys: tuple[str, ...]


def _draws_task(payload: _Estimates, chunk: Chunk) -> Summary:
    """Draw every estimate of each sample of the chunk and summarise them (the engine's own work)."""
    records: list[tuple[dict[str, float], dict[str, str]]] = []
    for _, rng in chunk.rngs():
        values = draw_estimates(payload.estimates, rng)
        records.append((dict(zip(payload.keys, values.tolist(), strict=True)), {}))
    return Summary.of_records(records)


def _exponent(ns: list[int], ts: list[float]) -> float:
    """``b`` in ``t ∝ N^b``: least squares on log–log."""
    if len(ns) < 2:
        return math.nan
    x, y = [math.log(n) for n in ns], [math.log(max(t, 1e-9)) for t in ts]
    mx, my = statistics.fmean(x), statistics.fmean(y)
    return sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / sum(
        (a - mx) ** 2 for a in x
    )


def bench_growth(largest: int) -> None:
    scenario = load_scenario(example_path("gulf-war-1990"))
    setup = sweep_setup(scenario, ("forecast",), model="median")
    payload = _Estimates(setup.estimates, tuple(e.key for e in setup.estimates))
    sizes = [k for k in (10**3, 10**4, 10**5, 10**6) if k <= largest]
    print(
        f"4. Growth: the engine's own work at a sweep's scale ({len(payload.keys)} estimates drawn and"
        " summarised per sample, merged on the workers)"
    )
    print(
        f"{'backend':>13} {'samples':>8} {'wall s':>8} {'CPU s':>8} {'samples/s':>10} {'chunks':>7}"
        f" {'driver peak MB':>15} {'worker peak MB':>15} {'load':>5}"
    )
    for name, make in [b for b in _backends() if b[0] != "dask ×1"]:
        backend = make()
        walls, cpus = [], []
        try:
            run_chunks(
                _draws_task, payload, 8, backend=backend, chunk_size=1, merge=merge_summaries
            )
            for n in sizes:
                chunks = _count_chunks()
                c0, t0 = _tree_cpu(), time.perf_counter()
                s = run_chunks(
                    _draws_task, payload, n, seed=1, backend=backend, merge=merge_summaries
                )
                wall, cpu = time.perf_counter() - t0, _tree_cpu() - c0
                assert s.samples == n
                walls.append(wall)
                cpus.append(cpu)
                print(
                    f"{name:>13} {n:>8} {wall:>8.2f} {cpu:>8.2f} {n / wall:>10.0f}"
                    f" {chunks[-1] if chunks else 0:>7} {_hwm_mb():>15.0f} {_workers_hwm():>15.0f}"
                    f" {_load():>5.1f}"
                )
        finally:
            backend.close()
        print(
            f"{'':>13} fitted exponent: wall ∝ N^{_exponent(sizes, walls):.2f},"
            f" CPU ∝ N^{_exponent(sizes, cpus):.2f}"
        )
    print()


def _count_chunks() -> list[int]:
    """Record the chunk count of every engine run from now on (the driver tracks one task per chunk)."""
    import coalitionist.engine.run as engine_run

    seen: list[int] = []
    real = getattr(engine_run.make_chunks, "__wrapped__", engine_run.make_chunks)

    def counting(n: int, size: int, entropy: int) -> list[Chunk]:
        out = real(n, size, entropy)
        seen.append(len(out))
        return out

    counting.__wrapped__ = real  # type: ignore[attr-defined]
    engine_run.make_chunks = counting  # type: ignore[assignment]
    return seen


def model_64(c: float, overhead: float, start: float) -> None:
    print("5. Model of a 64-worker cluster (extrapolated from the measurements above)")
    print(
        "   T(N, W) = s + max(N·c / W, (N / k)·o) + ⌈log2(N / k)⌉·m, with c the serial CPU per sample,"
        f" o the scheduler's time per task (measured {overhead * 1e3:.2f} ms on the 2-worker cluster),"
        f" s the start-up ({start:.1f} s), k the chunk size (a quarter of a second of work, at least 4"
        f" chunks per worker, at most max({MAX_CHUNKS}, 16·W) chunks in all) and m ≈ o per level of the"
        " merge tree."
    )
    print(
        "   Assumptions: every worker as fast as this machine's cores, one thread each; samples"
        " independent; the scenario scattered once; the scheduler a single process that handles tasks"
        " one after another (so o caps the task rate at 1/o); network cost per task within o."
    )
    print(
        f"{'samples':>9} {'W':>3} {'chunk':>6} {'tasks':>7} {'hours serial':>13} {'minutes W':>10}"
    )
    for n in (10**5, 10**6):
        for w in (2, 64):
            k = max(
                1,
                min(math.ceil(0.25 / c), math.ceil(n / (4 * w))),
                math.ceil(n / max(MAX_CHUNKS, 16 * w)),
            )
            tasks = math.ceil(n / k)
            t = (
                start
                + max(n * c / w, tasks * overhead)
                + math.ceil(math.log2(max(tasks, 2))) * overhead
            )
            print(f"{n:>9} {w:>3} {k:>6} {tasks:>7} {n * c / 3600:>13.2f} {t / 60:>10.2f}")
    print()


def main() -> None:
    # a LocalCluster's workers log a failed heartbeat when the cluster closes under them: noise here
    import logging

    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help="40 samples, 2 repeats, growth to 10^4"
    )
    parser.add_argument("--samples", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--growth-max", type=int, default=10**5)
    args = parser.parse_args()
    if args.quick:
        args.samples, args.repeats, args.growth_max = 40, 2, min(args.growth_max, 10**4)
    print(f"cores: {os.cpu_count()}; load average now: {_load():.2f}\n")
    measured = bench_throughput(args.samples, args.repeats)
    over = bench_overhead(400)
    print("3. Memory per worker: see the last column of table 1 (RSS of each worker process).\n")
    bench_growth(args.growth_max)
    model_64(measured["c"], over["dask ×2"], over["dask ×2 start"])
    print(f"load average at the end: {_load():.2f} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
