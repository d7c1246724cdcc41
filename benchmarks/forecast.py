"""Benchmark: the BDM expected-utility model, vectorised vs. a straightforward loop implementation, and a
Monte Carlo run of the Gulf War example.

Run ``python benchmarks/forecast.py`` (``--quick`` for a short run). Prints two tables:

1. BDM (default options: Scholz et al.'s probability, danger-based risk, receiver's perspective, Scholz's
   offer ranking) on random one-issue scenarios, timed for the same rounds in ``coalitionist.forecast.bdm``
   and in ``loop_bdm`` below — plain Python loops over actors, a direct transcription of the formulas,
   O(n³) per round. Both runs must end in the same positions ("agree"). At 1,000 actors the loop version
   would take hours; its time there is extrapolated from the largest measured size by the n³ law and
   marked "est.".
2. A Monte Carlo of the bundled Gulf War 1990 example (25 actors, 2 issues) with uncertain capabilities
   (×lognormal, σ 0.2), positions (± normal, σ 5 points) and saliences (± uniform 0.1), serially and on a
   process pool, the same samples and the same number of runs on each side (CPU time, wall beside it,
   median), checking that both give the same numbers.
3. Growth: the BDM Monte Carlo from 10^3 samples up (``--samples-max``; 10^5 takes about an hour),
   serial and on processes: CPU and wall time and peak memory, with the fitted exponent.
"""

from __future__ import annotations

import argparse
import functools
import os
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench_timing import child_run, fitted_exponent, growth_line, measure, ratio
from coalitionist.examples import example_path
from coalitionist.forecast.bdm import BdmOptions, run_dimension
from coalitionist.forecast.models import MODELS
from coalitionist.forecast.montecarlo import MonteCarloResult, monte_carlo
from coalitionist.io.load import load_scenario
from coalitionist.scenario.compile import compile_arrays

# ----------------------------------------------------------------------------------------------------
# The peer: a straightforward loop implementation of the same model and default options.


def _loop_median(x: list[float], w: list[float]) -> float:
    cands = sorted(set(x))
    costs = [sum(wk * abs(xk - y) for wk, xk in zip(w, x, strict=True)) for y in cands]
    return cands[costs.index(min(costs))]


def _loop_probabilities(
    x: list[float], w: list[float], r: list[float], delta: float
) -> list[list[float]]:
    n = len(x)
    d = [[(abs(x[k] - x[a]) / delta) ** r[k] for a in range(n)] for k in range(n)]
    total = 0.0
    for k in range(n):
        for a in range(n):
            for b in range(n):
                total += abs(w[k] * (d[k][b] - d[k][a]))
    P = [[0.0] * n for _ in range(n)]
    for a in range(n):
        for b in range(n):
            if x[a] == x[b]:
                continue
            support = 0.0
            for k in range(n):
                v = w[k] * (d[k][b] - d[k][a])
                if v > 0:
                    support += v
            P[a][b] = support / total
    return P


def _loop_eu(s_b: float, p: float, dist: float, r: float) -> float:
    us = 2 - 4 * (0.5 - 0.5 * dist) ** r
    uf = 2 - 4 * (0.5 + 0.5 * dist) ** r
    usq = 2 - 4 * 0.5**r
    return s_b * (p * us + (1 - p) * uf) + (1 - s_b) * us - usq


def loop_bdm(x0: list[float], c: list[float], s: list[float], rounds: int) -> list[float]:
    """Run ``rounds`` rounds (or until nobody moves) with the default options; return the positions."""
    x = list(x0)
    n = len(x)
    w = [c[i] * s[i] for i in range(n)]
    delta = max(x) - min(x)
    for _ in range(rounds):
        _loop_median(x, w)  # the median enters only when q < 1; computed to do the same work
        ones = [1.0] * n
        P1 = _loop_probabilities(x, w, ones, delta)
        danger = []
        for i in range(n):
            danger.append(
                sum(
                    _loop_eu(s[i], P1[j][i], abs(x[j] - x[i]) / delta, 1.0)
                    for j in range(n)
                    if j != i
                )
            )
        hi, lo = max(danger), min(danger)
        r = ones
        if hi > lo:
            R = [(2 * dg - hi - lo) / (hi - lo) for dg in danger]
            r = [(1 - v / 3) / (1 + v / 3) for v in R]
        P = _loop_probabilities(x, w, r, delta)
        new = list(x)
        moved = False
        for i in range(n):
            best: tuple[int, float, int, float] | None = None  # (kind, key, j, position)
            for j in range(n):
                if x[j] == x[i]:
                    continue
                dist = abs(x[i] - x[j]) / delta
                e_i = _loop_eu(s[j], P[i][j], dist, r[i])
                e_j = _loop_eu(s[i], P[j][i], dist, r[i])
                if e_j > e_i > 0:
                    cand = (0, abs(x[j] - x[i]), j, x[j])
                elif e_j > 0 > e_i and e_j > -e_i:
                    key = (abs(e_i) * x[i] + abs(e_j) * x[j]) / (abs(e_i) + abs(e_j))
                    cand = (1, key, j, x[i] + (x[j] - x[i]) * abs(e_i / e_j))
                elif e_j > 0 > e_i and e_j < -e_i:
                    cand = (2, abs(x[j] - x[i]), j, x[j])
                else:
                    continue
                if best is None or cand[:2] < best[:2]:
                    best = cand
            if best is not None and abs(best[3] - x[i]) > 1e-9 * delta:
                new[i] = best[3]
                moved = True
        if not moved:
            break
        x = new
    return x


# ----------------------------------------------------------------------------------------------------


def _scenario(
    n: int, seed: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    return rng.uniform(0.1, 1.0, n), rng.uniform(0, 100, n), rng.uniform(0.1, 1.0, n)


def bench_bdm(sizes: list[int], loop_max: int, big: int) -> None:
    print(
        "BDM expected-utility model, one issue, default options; CPU seconds (wall beside), median of"
        " the same runs on each side (3 up to 50 actors, 1 beyond); ratio of CPU time"
    )
    print(
        f"{'actors':>7} {'rounds':>6} {'coalitionist CPU s':>19} {'wall':>8} {'loop CPU s':>11}"
        f" {'wall':>8} {'ratio (CPU, wall)':>24}  agree"
    )
    last_loop: tuple[int, float, int] | None = None
    for n in [*sizes, big]:
        c, x, s = _scenario(n, seed=n)
        rounds = 2 if n <= loop_max else 10
        opt = BdmOptions(max_rounds=rounds, record_offers="accepted")
        reps = 3 if n <= 50 else 1
        vec = measure(lambda: run_dimension(x, c, s, opt), reps)  # noqa: B023
        run = vec.result
        turns = len(run.history) - 1
        if n <= loop_max:
            loop = measure(lambda: loop_bdm(list(x), list(c), list(s), rounds), reps)  # noqa: B023
            agree = np.allclose(loop.result, run.history[-1], atol=1e-9)
            last_loop = (n, loop.cpu / max(turns, 1), turns)
            print(
                f"{n:>7} {turns:>6} {vec.cpu:>19.4f} {vec.wall:>8.4f} {loop.cpu:>11.3f}"
                f" {loop.wall:>8.3f} {ratio(loop, vec):>24}  {agree}"
            )
        else:
            assert last_loop is not None
            n0, per_round, _ = last_loop
            est = per_round * (n / n0) ** 3 * max(turns, 1)
            print(
                f"{n:>7} {turns:>6} {vec.cpu:>19.4f} {vec.wall:>8.4f} {est:>8.0f} est {'':>8}"
                f" {est / vec.cpu:>23.0f}×  (loop extrapolated by n³ from n={n0}: not measured)"
            )
    print()


class GulfWarSampler:
    """Draw uncertain inputs around the Gulf War example's point values (picklable for process pools)."""

    def __init__(self) -> None:
        arrays = compile_arrays(load_scenario(example_path("gulf-war-1990")))
        self.capability = np.array(arrays.capability)
        self.positions = np.array(arrays.positions)
        self.salience = np.array(arrays.salience)
        self.low, self.high = np.array(arrays.low), np.array(arrays.high)
        self.actors, self.issues = arrays.actors, arrays.issues

    def __call__(
        self, rng: np.random.Generator
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        c = self.capability * rng.lognormal(0.0, 0.2, self.capability.shape)
        x = np.clip(
            self.positions + rng.normal(0.0, 5.0, self.positions.shape), self.low, self.high
        )
        s = np.clip(self.salience + rng.uniform(-0.1, 0.1, self.salience.shape), 0.0, 1.0)
        return c, x, s


def _mc_setup(name: str) -> tuple[Any, GulfWarSampler, dict[str, Any]]:
    sampler = GulfWarSampler()
    model = MODELS[name]
    if name == "bdm":
        model = functools.partial(MODELS["bdm"], record_offers="accepted")
    kw: dict[str, Any] = {
        "seed": 2024,
        "actors": sampler.actors,
        "dimensions": sampler.issues,
        "scale": np.stack([sampler.low, sampler.high], axis=1),
        "chunk_size": 250,
    }
    return model, sampler, kw


def bench_monte_carlo(samples: int, models: list[str], repeats: int) -> None:
    """Serial (``executor="serial"``, in this process) against a process pool, the same samples and the
    same number of runs on each side; the pool's CPU includes its workers'."""
    workers = os.cpu_count() or 1
    print(
        f"Monte Carlo of the Gulf War 1990 example: {samples} samples, 25 actors × 2 issues;"
        f" median of {repeats} runs per side; CPU includes the {workers} worker processes"
    )
    print(
        f"{'model':>7} {'serial CPU s':>13} {'wall':>8} {'processes CPU s':>16} {'wall':>8}"
        f" {'wall speed-up':>14} {'CPU ratio':>10}  same  forecast (median [10%, 90%])"
    )
    for name in models:
        model, sampler, kw = _mc_setup(name)

        def pooled(model: Any = model, sampler: Any = sampler, kw: Any = kw) -> MonteCarloResult:
            # the engine's process backend, started and shut down by the call (so its workers' CPU is
            # counted: they have exited when it returns)
            return monte_carlo(model, sampler, samples, executor="processes", **kw)

        serial = measure(
            lambda m=model, sa=sampler, k=kw: monte_carlo(m, sa, samples, executor="serial", **k),
            repeats,
        )
        par = measure(pooled, repeats)
        same = np.array_equal(serial.result.forecasts, par.result.forecasts)
        band = ", ".join(
            f"{d} {par.result.median[k]:.1f} [{par.result.q10[k]:.1f}, {par.result.q90[k]:.1f}]"
            for k, d in enumerate(par.result.dimensions)
        )
        print(
            f"{name:>7} {serial.cpu:>13.2f} {serial.wall:>8.2f} {par.cpu:>16.2f} {par.wall:>8.2f}"
            f" {serial.wall / par.wall:>13.2f}× {par.cpu / serial.cpu:>9.2f}×  {same}  {band}"
        )
    print()


_GROWTH_CHILD = """
import sys
sys.path.insert(0, {here!r})
from forecast import _mc_setup
from coalitionist.forecast.montecarlo import monte_carlo
model, sampler, kw = _mc_setup("bdm")
if {pool}:
    monte_carlo(model, sampler, {n}, executor="processes", **kw)
else:
    monte_carlo(model, sampler, {n}, executor="serial", **kw)
"""


def bench_mc_growth(sample_sizes: list[int]) -> None:
    """BDM Monte Carlo from 10^3 samples up, serially and on processes, each point in a fresh process:
    CPU (workers included), wall and peak resident memory, with the fitted exponents."""
    workers = os.cpu_count() or 1
    here = os.path.dirname(os.path.abspath(__file__))
    print(
        f"Growth: BDM Monte Carlo of the Gulf War example, serial and on {workers} processes; each point"
        " one fresh process (peak RSS includes the interpreter and imports, ~100 MiB)"
    )
    print(
        f"{'samples':>8} {'serial CPU s':>13} {'wall':>8} {'peak MiB':>9}"
        f" {'processes CPU s':>16} {'wall':>8} {'peak MiB':>9}"
    )
    rows: list[tuple[int, float, float, float]] = []
    for n in sample_sizes:
        s_cpu, s_wall, s_mem = child_run(_GROWTH_CHILD.format(here=here, n=n, pool=False))
        p_cpu, p_wall, p_mem = child_run(_GROWTH_CHILD.format(here=here, n=n, pool=True))
        rows.append((n, s_cpu, s_mem, p_wall))
        print(
            f"{n:>8} {s_cpu:>13.2f} {s_wall:>8.2f} {s_mem:>9.0f}"
            f" {p_cpu:>16.2f} {p_wall:>8.2f} {p_mem:>9.0f}"
        )
    sizes = [r[0] for r in rows]
    print(growth_line("serial BDM Monte Carlo", sizes, [r[1] for r in rows], [r[2] for r in rows]))
    wall_exp = fitted_exponent(sizes, [r[3] for r in rows])
    print(f"fitted growth of the process pool's wall time: ∝ n^{wall_exp:.2f}")
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and 500 samples")
    parser.add_argument(
        "--samples-max",
        type=int,
        default=None,
        help="largest sample count of the growth curve (default 10^4, quick 10^3; 10^5 takes ~1 h)",
    )
    args = parser.parse_args(argv)
    top = args.samples_max or (1000 if args.quick else 10_000)
    sizes = [n for n in (1000, 3000, 10_000, 30_000, 100_000) if n <= top]
    if args.quick:
        bench_bdm([25, 50], loop_max=50, big=300)
        bench_monte_carlo(500, ["median", "bdm"], repeats=1)
    else:
        bench_bdm([25, 50, 100], loop_max=100, big=1000)
        bench_monte_carlo(2000, ["median", "bdm"], repeats=3)
    bench_mc_growth(sizes if len(sizes) > 1 else [300, 1000])
    if top < 100_000:
        print(
            f"(samples above {top:,} are left out of this run: the BDM Monte Carlo costs about 15 ms of CPU"
            " per sample, so 10^5 samples serially and on processes take about an hour; issue 17.5's"
            " 10^3-10^5 curve: `python benchmarks/forecast.py --samples-max 100000`, which the full"
            " `make bench` runs)"
        )


if __name__ == "__main__":
    main()
