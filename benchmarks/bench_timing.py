"""Timing helpers shared by the benchmarks: CPU and wall time, median of repeats, growth exponents.

Every benchmark reports the **CPU time** (user + system of this process and of the worker processes it
waited for) with the wall time beside it, takes the **median** of the same number of repeats for every side
it compares, and computes ratios from CPU time, which a busy machine does not inflate the way it inflates
wall time.
"""

from __future__ import annotations

import math
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Median CPU and wall seconds of ``runs`` runs, and the last run's result."""

    cpu: float
    wall: float
    runs: int
    result: Any = None

    def cell(self) -> str:
        """``"0.123 s (wall 0.130)"``."""
        return f"{self.cpu:.3g} s (wall {self.wall:.3g})"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(fn: Callable[[], Any], repeats: int = 3) -> Timing:
    """Run ``fn`` ``repeats`` times; the median CPU and wall time (worker processes' CPU included once
    they have exited, e.g. at the end of a ``with ProcessPoolExecutor()`` block inside ``fn``)."""
    cpus, walls, out = [], [], None
    for _ in range(max(1, repeats)):
        c0, w0 = _cpu(), time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(_cpu() - c0)
    return Timing(statistics.median(cpus), statistics.median(walls), len(cpus), out)


def ratio(peer: Timing, ours: Timing) -> str:
    """The peer's time over ours, CPU first, wall beside it: ``"192× (wall 180×)"``."""
    cpu = peer.cpu / ours.cpu if ours.cpu > 0 else math.inf
    wall = peer.wall / ours.wall if ours.wall > 0 else math.inf
    return f"{cpu:.3g}× (wall {wall:.3g}×)"


def peak_memory(fn: Callable[[], Any]) -> tuple[Any, int]:
    """``fn()`` and the peak bytes it allocated through Python's allocator and NumPy (tracemalloc)."""
    tracemalloc.start()
    try:
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, peak


def fitted_exponent(sizes: Sequence[float], values: Sequence[float]) -> float:
    """Slope of the least-squares line through ``(log size, log value)``: value ∝ size^slope."""
    pts = [
        (math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if s > 0 and v > 0
    ]
    if len(pts) < 2:
        return math.nan
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx > 0 else math.nan


def growth_line(
    what: str, sizes: Sequence[float], cpu: Sequence[float], mem: Sequence[float]
) -> str:
    """``"fitted growth of <what>: CPU ∝ n^2.01, peak memory ∝ n^1.00"``."""
    return (
        f"fitted growth of {what} (log-log least squares): CPU ∝ n^{fitted_exponent(sizes, cpu):.2f},"
        f" peak memory ∝ n^{fitted_exponent(sizes, mem):.2f}"
    )


def child_run(code: str) -> tuple[float, float, float]:
    """Run Python ``code`` in a fresh interpreter: its CPU seconds (its own and its waited-for worker
    processes'), wall seconds and peak resident memory in MiB (interpreter and imports included), from
    ``wait4`` — no tracing overhead on the measured run."""
    import os
    import subprocess
    import sys

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}): {code[:200]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024
