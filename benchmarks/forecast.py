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
   process pool (all samples) and serially (the first 2,000), checking that the serial numbers equal the
   first ones of the pooled run.
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
from numpy.typing import NDArray

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


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    out: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench_bdm(sizes: list[int], loop_max: int, big: int) -> None:
    print("BDM expected-utility model, one issue, default options (best of 3 for n ≤ 100)")
    print(f"{'actors':>7} {'rounds':>6} {'coalitionist s':>15} {'loop s':>12} {'ratio':>8}  agree")
    last_loop: tuple[int, float, int] | None = None
    for n in [*sizes, big]:
        c, x, s = _scenario(n, seed=n)
        rounds = 2 if n <= loop_max else 10
        opt = BdmOptions(max_rounds=rounds, record_offers="accepted")
        t_vec, run = _time(lambda: run_dimension(x, c, s, opt), 3 if n <= 100 else 1)  # noqa: B023
        turns = len(run.history) - 1
        if n <= loop_max:
            t_loop, xl = _time(lambda: loop_bdm(list(x), list(c), list(s), rounds), 1)  # noqa: B023
            agree = np.allclose(xl, run.history[-1], atol=1e-9)
            last_loop = (n, t_loop / max(turns, 1), turns)
            print(
                f"{n:>7} {turns:>6} {t_vec:>15.4f} {t_loop:>12.3f} {t_loop / t_vec:>8.0f}  {agree}"
            )
        else:
            assert last_loop is not None
            n0, per_round, _ = last_loop
            est = per_round * (n / n0) ** 3 * max(turns, 1)
            print(
                f"{n:>7} {turns:>6} {t_vec:>15.4f} {est:>9.0f} est {est / t_vec:>8.0f}  "
                f"(loop extrapolated by n³ from n={n0})"
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


def bench_monte_carlo(samples: int, models: list[str], serial_cap: int) -> None:
    sampler = GulfWarSampler()
    workers = os.cpu_count() or 1
    print(f"Monte Carlo of the Gulf War 1990 example: {samples} samples, 25 actors × 2 issues")
    print(
        "(the serial run covers the first min(samples, cap) samples: sample i depends only on the seed"
        " and i, so they must equal the first ones of the pooled run)"
    )
    print(
        f"{'model':>7} {'serial ms/sample':>17} {f'{workers} processes s':>15} {'ms/sample':>10}"
        f" {'speed-up':>9}  same  forecast (median [10%, 90%])"
    )
    for name in models:
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
        n_serial = min(samples, serial_cap)
        t0 = time.perf_counter()
        serial: MonteCarloResult = monte_carlo(model, sampler, n_serial, **kw)
        per_serial = (time.perf_counter() - t0) / n_serial
        t0 = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            par = monte_carlo(model, sampler, samples, executor=pool, **kw)
        t_par = time.perf_counter() - t0
        per_par = t_par / samples
        same = np.array_equal(serial.forecasts, par.forecasts[:n_serial])
        band = ", ".join(
            f"{d} {par.median[k]:.1f} [{par.q10[k]:.1f}, {par.q90[k]:.1f}]"
            for k, d in enumerate(par.dimensions)
        )
        print(
            f"{name:>7} {per_serial * 1e3:>17.2f} {t_par:>15.2f} {per_par * 1e3:>10.2f}"
            f" {per_serial / per_par:>9.2f}  {same}  {band}"
        )
        top = par.sensitivity(par.dimensions[0], top=3)
        print(
            f"{'':>7} most sensitive to (Spearman ρ on {par.dimensions[0]}): "
            + ", ".join(f"{t['input']} {t['spearman']:+.2f}" for t in top)
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and 1,000 samples")
    args = parser.parse_args()
    if args.quick:
        bench_bdm([25, 50], loop_max=50, big=300)
        bench_monte_carlo(1000, ["median", "bdm"], serial_cap=500)
    else:
        bench_bdm([25, 50, 100], loop_max=100, big=1000)
        bench_monte_carlo(10_000, ["median", "bdm"], serial_cap=2000)


if __name__ == "__main__":
    main()
